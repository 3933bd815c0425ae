using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Issue #17 §4, ADR 19: one vocabulary. Every intake path — the notification form, notifications CSV import and API;
/// the referral form, import and API; the RHI import and API; the spot-purchase form — takes every accepted spelling of
/// every coded value it reads, and stores its code. A police export valid through one door is valid through all.
/// </summary>
public abstract class VocabularyIntakeTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    /// <summary>Every spelling of every value, and an upper-case one (files arrive in any case).</summary>
    private static IEnumerable<(string Spelling, string Code)> Spellings(CodeList list) =>
        list.Terms.SelectMany(t => CodeList.Spellings(t).Append(t.Label.ToUpperInvariant()).Distinct().Select(s => (s, t.Code)));

    private static readonly (string Field, CodeList List)[] NotificationCodes =
        [("gender", Codes.Gender), ("ethnicity", Codes.Ethnicity), ("living_situation", Codes.LivingSituation), ("missing_or_absent", Codes.MissingOrAbsent), ("police_risk", Codes.PoliceRisk)];

    private static List<(Dictionary<string, string?> Body, string Field, string Code)> NotificationCases() =>
    [
        .. NotificationCodes.SelectMany(c => Spellings(c.List).Select(s => (With(c.Field, s.Spelling), c.Field, s.Code))),
        (With("gender", ""), "gender", "not-known"),
        (With("district_code", "Stafford"), "district_code", "E07000197"),
        (With("district_code", "e07000197"), "district_code", "E07000197"),
    ];

    private static Dictionary<string, string?> With(string field, string value)
    {
        var body = Notifications.Valid();
        body[field] = value;
        return body;
    }

    private Task<Dictionary<string, string>> StoredAsync(string reference) => App.WithDb(async db =>
    {
        var e = await db.Episodes.IgnoreQueryFilters().Include(x => x.Child).SingleAsync(x => x.PoliceReference == reference);
        return new Dictionary<string, string>
        {
            ["gender"] = e.Child!.Gender,
            ["ethnicity"] = e.Child.EthnicityCode ?? "",
            ["living_situation"] = e.LivingSituation,
            ["missing_or_absent"] = e.MissingOrAbsent,
            ["police_risk"] = e.PoliceRisk,
            ["district_code"] = e.HostDistrictCode,
        };
    });

    [Fact]
    public async Task Every_intake_path_takes_every_accepted_spelling_of_every_coded_value_and_stores_its_code()
    {
        App.SkipIfUnavailable();
        var folder = Directory.CreateTempSubdirectory("beacon-vocabulary-").FullName;
        var ct = TestContext.Current.CancellationToken;

        // Notifications: CSV import, API and the duty form.
        var imported = NotificationCases();
        var file = Path.Combine(folder, "notifications.csv");
        await File.WriteAllTextAsync(file, Notifications.Csv(imported.Select(c => c.Body)), ct);
        var output = new StringWriter();
        Assert.True(await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file], output, new StringWriter(), App.CliSettings) == 0, output.ToString());
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var viaApi = NotificationCases();
        var rhis = new List<Guid>();
        foreach (var (body, _, _) in viaApi)
        {
            var response = await police.PostAsJsonAsync("/api/v1/notifications", body, ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
            rhis.Add((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("return_interview_id").GetGuid());
        }

        var duty = await App.SignInAsync(BeaconApp.PoliceLiaison);
        var viaForm = NotificationCases().Where(c => c.Body["gender"] != "").ToList(); // a form asks for an answer: blank is "Select the child's gender"
        foreach (var (body, _, _) in viaForm)
        {
            var response = await BeaconApp.PostFormAsync(duty, "/notifications/new", body.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{body["gender"]}: {await response.Content.ReadAsStringAsync(ct)}");
        }

        foreach (var (body, field, code) in imported.Concat(viaApi).Concat(viaForm))
        {
            Assert.True((await StoredAsync(body["police_reference"]!))[field] == code, $"{field} '{body[field]}' should be stored as {code}");
        }

        // Return interviews through the import: each row covers one of the imported episodes.
        var episodes = new Queue<Dictionary<string, string?>>(imported.Select(c => c.Body));
        var rows = new List<(string[] Row, string Column, string Code)>();
        string[] Row(string outcome, string method = "", string venue = "", string declinedBy = "", string notOffered = "", string primary = "")
        {
            var e = episodes.Dequeue();
            var offered = outcome.Contains("offered", StringComparison.OrdinalIgnoreCase) && outcome.Contains("not", StringComparison.OrdinalIgnoreCase) ? "" : e["notified_at"]!;
            return [$"OLD-{Guid.NewGuid():N}"[..16], e["police_reference"]!, offered, outcome, e["notified_at"]!, method, venue, declinedBy, notOffered, primary];
        }

        rows.AddRange(Spellings(Codes.InterviewMethod).Select(s => (Row("completed", s.Spelling, "HOME", primary: "FAMILY"), "method", s.Code)));
        rows.AddRange(Spellings(Codes.Venue).Select(s => (Row("Completed", "PHONE", s.Spelling, primary: "FAMILY"), "venue", s.Code)));
        rows.AddRange(Spellings(Codes.Reason).Select(s => (Row("COMPLETED", "VIDEO", "SCHOOL", primary: s.Spelling), "primary_reason", s.Code)));
        rows.AddRange(Spellings(Codes.DeclinedBy).Select(s => (Row("declined", declinedBy: s.Spelling), "declined_by", s.Code)));
        rows.AddRange(Spellings(Codes.NotOfferedReason).Select(s => (Row("Not offered", notOffered: s.Spelling), "not_offered_reason", s.Code)));
        rows.AddRange(new[] { "NO_CONTACT", "no contact", "No-contact" }.Select(s => (Row(s), "outcome", "NO_CONTACT")));
        var rhiFile = Path.Combine(folder, "rhis.csv");
        await File.WriteAllTextAsync(rhiFile, string.Join("\n", [string.Join(",", ReturnInterviewImport.Columns), .. rows.Select(r => string.Join(",", r.Row))]) + "\n", ct);
        output = new StringWriter();
        Assert.True(await Beacon.Cli.BeaconCli.RunAsync(["import", "return-interviews", rhiFile], output, new StringWriter(), App.CliSettings) == 0, output.ToString());
        foreach (var (row, column, code) in rows)
        {
            var rhi = await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().SingleAsync(r => r.LegacyReference == row[0]));
            var stored = column switch
            {
                "method" => rhi.Method,
                "venue" => rhi.Venue,
                "primary_reason" => rhi.PrimaryReason,
                "declined_by" => rhi.DeclinedBy,
                "not_offered_reason" => rhi.NotOfferedReason,
                _ => rhi.Status == RhiStatus.NoContact ? "NO_CONTACT" : rhi.Status.ToString(),
            };
            Assert.True(stored == code, $"{column} '{string.Join(",", row)}' should be stored as {code}, was {stored}");
        }

        // Return interviews through the API: attempts, closes and the interview form, on the RHIs the API notifications opened.
        var api = await App.ApiAsync(BeaconApp.Practitioner);
        var open = new Queue<Guid>(rhis);
        var attempted = open.Dequeue();
        var minutes = 200;
        foreach (var (method, outcome) in Spellings(Codes.AttemptMethod).Select(m => (m, ("NO_ANSWER", "NO_ANSWER"))).Concat(Spellings(Codes.AttemptOutcome).Select(o => (("PHONE", "PHONE"), o))))
        {
            var response = await api.PostAsJsonAsync($"/api/v1/return-interviews/{attempted}/attempts", new { attempted_at = Notifications.Iso(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(minutes--)), method = method.Item1, outcome = outcome.Item1 }, ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{method.Item1}/{outcome.Item1}: {await response.Content.ReadAsStringAsync(ct)}");
            var last = await App.WithDb(db => db.RhiAttempts.IgnoreQueryFilters().Where(a => a.ReturnInterviewId == attempted).OrderByDescending(a => a.AttemptedAt).FirstAsync());
            Assert.Equal((method.Item2, outcome.Item2), (last.Method, last.Outcome));
        }

        async Task<int> VersionAsync(Guid id) => (await api.GetFromJsonAsync<JsonElement>($"/api/v1/return-interviews/{id}", ct)).GetProperty("version").GetInt32();
        foreach (var (spelling, code) in Spellings(Codes.DeclinedBy))
        {
            var id = open.Dequeue();
            await api.PostAsJsonAsync($"/api/v1/return-interviews/{id}/attempts", new { attempted_at = Notifications.Iso(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(10)), method = "phone", outcome = "declined" }, ct);
            var closed = await api.PostAsJsonAsync($"/api/v1/return-interviews/{id}/outcome", new { outcome = "Declined", declined_by = spelling, version = await VersionAsync(id) }, ct);
            Assert.True(closed.StatusCode == HttpStatusCode.OK, $"{spelling}: {await closed.Content.ReadAsStringAsync(ct)}");
            Assert.Equal(code, await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => r.DeclinedBy).SingleAsync()));
        }

        foreach (var (spelling, code) in Spellings(Codes.NotOfferedReason))
        {
            var id = open.Dequeue();
            var closed = await api.PostAsJsonAsync($"/api/v1/return-interviews/{id}/outcome", new { outcome = "not offered", not_offered_reason = spelling, note = "Synthetic", version = await VersionAsync(id) }, ct);
            Assert.True(closed.StatusCode == HttpStatusCode.OK, $"{spelling}: {await closed.Content.ReadAsStringAsync(ct)}");
            Assert.Equal(code, await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => r.NotOfferedReason).SingleAsync()));
        }

        var drafted = open.Dequeue();
        foreach (var (list, field) in new[] { (Codes.InterviewMethod, "method"), (Codes.Venue, "venue"), (Codes.Reason, "primary_reason") })
        {
            foreach (var (spelling, code) in Spellings(list))
            {
                var form = new Dictionary<string, object?> { [field] = spelling, ["reasons"] = new[] { spelling }, ["exploitation_indicators"] = Spellings(Codes.ExploitationIndicator).Select(s => s.Spelling).ToArray() };
                var saved = await api.PutAsJsonAsync($"/api/v1/return-interviews/{drafted}/interview", new { form, submit = false, version = await VersionAsync(drafted) }, ct);
                Assert.True(saved.StatusCode == HttpStatusCode.OK, $"{field} {spelling}: {await saved.Content.ReadAsStringAsync(ct)}");
                var rhi = await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().SingleAsync(r => r.Id == drafted));
                Assert.Equal(code, field switch { "method" => rhi.Method, "venue" => rhi.Venue, _ => rhi.PrimaryReason });
                Assert.Equal(Codes.ExploitationIndicator.Keys.Order(), Codes.Split(rhi.ExploitationIndicators).Order());
                if (list == Codes.Reason)
                {
                    Assert.Equal([code], Codes.Split(rhi.Reasons));
                }
            }
        }

        // Referrals: the import (every coded column), the API and the form (exploitation types).
        const string header = "referral_reference,police_person_id,given_name,family_name,date_of_birth,gender,ethnicity,district_code,responsible_authority,received_at,referrer_agency,risk_level,exploitation_types,pathway,work_type";
        var referralRows = new List<(string Reference, string Column, string Code, string Line)>();
        void Referral(string column, string spelling, string code, string gender = "F", string ethnicity = "", string level = "LOW", string types = "CSE", string pathway = "DIRECT", string workType = "")
        {
            var reference = $"OLD-{Guid.NewGuid():N}"[..16];
            referralRows.Add((reference, column, code, $"{reference},,Ima,Synthetic{Random.Shared.Next(100000, 999999)},14/02/2012,{gender},\"{ethnicity}\",Stafford,860,2024-06-30,School,{level},\"{types}\",{pathway},{workType}"));
        }

        foreach (var (s, c) in Spellings(Codes.Gender).Append(("", "not-known")))
        {
            Referral("gender", s, c, gender: s);
        }

        foreach (var (s, c) in Spellings(Codes.Ethnicity))
        {
            Referral("ethnicity", s, c, ethnicity: s);
        }

        foreach (var (s, c) in Spellings(Codes.ReferralRisk))
        {
            Referral("risk_level", s, c, level: s);
        }

        foreach (var (s, c) in Spellings(Codes.ExploitationType))
        {
            Referral("exploitation_types", s, c, types: s);
        }

        foreach (var (s, c) in Spellings(Codes.ReferralPathway))
        {
            Referral("pathway", s, c, level: "HIGH", pathway: s);
        }

        foreach (var (s, c) in Spellings(Codes.KeyWorkType))
        {
            Referral("work_type", s, c, workType: s);
        }

        var referralFile = Path.Combine(folder, "referrals.csv");
        await File.WriteAllTextAsync(referralFile, string.Join("\n", [header, .. referralRows.Select(r => r.Line)]) + "\n", ct);
        output = new StringWriter();
        Assert.True(await Beacon.Cli.BeaconCli.RunAsync(["import", "exploitation-referrals", referralFile], output, new StringWriter(), App.CliSettings) == 0, output.ToString());
        foreach (var (reference, column, code, line) in referralRows)
        {
            var r = await App.WithDb(db => db.Referrals.IgnoreQueryFilters().Include(x => x.Child).SingleAsync(x => x.LegacyReference == reference));
            var stored = column switch
            {
                "gender" => r.Child!.Gender,
                "ethnicity" => r.Child!.EthnicityCode,
                "exploitation_types" => r.ExploitationTypes,
                "work_type" => r.WorkType,
                "pathway" => r.Pathway == Pathway.MacePanel ? "MACE" : "DIRECT",
                _ => r.Status == Features.Exploitation.Referral.Inappropriate ? "INAPPROPRIATE" : Codes.ReferralRiskCode(r.Level),
            };
            Assert.True(stored == code, $"{column} in '{line}' should be stored as {code}, was {stored}");
        }

        var template = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync());
        var typeSpellings = Spellings(Codes.ExploitationType).Select(s => s.Spelling).ToList();
        var viaReferralApi = await api.PostAsJsonAsync($"/api/v1/children/{App.CountyChildId}/referrals", new
        {
            referrer_name = "Sam Example",
            referrer_agency = "School",
            received_on = "2026-01-05",
            exploitation_types = typeSpellings,
            answers = template.Indicators.ToDictionary(i => i.Code, _ => "No"),
        }, ct);
        Assert.True(viaReferralApi.StatusCode == HttpStatusCode.Created, await viaReferralApi.Content.ReadAsStringAsync(ct));
        var apiReferral = (await viaReferralApi.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var referralForm = template.Indicators.ToDictionary(i => $"Answers[{i.Code}]", _ => "No");
        (referralForm["ReferrerName"], referralForm["ReferrerAgency"], referralForm["ReceivedOn"]) = ("Sam Example", "School", "05/01/2026");
        for (var i = 0; i < typeSpellings.Count; i++)
        {
            referralForm[$"Types[{i}]"] = typeSpellings[i];
        }

        var viaReferralForm = await BeaconApp.PostFormAsync(practitioner, $"/children/{App.CountyChildId}/referrals/new", referralForm);
        Assert.True(viaReferralForm.StatusCode == HttpStatusCode.Redirect, await viaReferralForm.Content.ReadAsStringAsync(ct));
        var formReferral = Guid.Parse(viaReferralForm.Headers.Location!.OriginalString.Split('/')[^1]);
        foreach (var id in new[] { apiReferral, formReferral })
        {
            Assert.Equal(Codes.ExploitationType.Keys.Order(), Codes.Split(await App.WithDb(db => db.Referrals.Where(r => r.Id == id).Select(r => r.ExploitationTypes).SingleAsync())).Order());
        }

        // Spot purchase (a council's form): every spelling of gender.
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        foreach (var (spelling, code) in Spellings(Codes.Gender))
        {
            var family = $"Spotbuy{Guid.NewGuid():N}"[..16];
            var sent = await BeaconApp.PostFormAsync(city, "/spot-purchase", new()
            {
                ["GivenName"] = "Outof",
                ["FamilyName"] = family,
                ["DateOfBirth"] = "14/02/2012",
                ["Gender"] = spelling,
                ["PlacedIn"] = "Another county",
                ["ReturnedAt"] = ReturnInterviewWork.FormInput(SystemClock.Instance.GetCurrentInstant() - Duration.FromHours(2)),
            });
            Assert.True(sent.StatusCode == HttpStatusCode.Redirect, $"{spelling}: {await sent.Content.ReadAsStringAsync(ct)}");
            Assert.Equal(code, await App.WithDb(db => db.Children.IgnoreQueryFilters().Where(c => c.FamilyName == family).Select(c => c.Gender).SingleAsync()));
        }
    }
}

public sealed class SqliteVocabularyIntakeTests(SqliteApp app) : VocabularyIntakeTests<SqliteApp>(app);

public sealed class PostgresVocabularyIntakeTests(PostgresApp app) : VocabularyIntakeTests<PostgresApp>(app);

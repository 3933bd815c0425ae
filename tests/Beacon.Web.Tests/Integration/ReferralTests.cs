using System.Net;
using Beacon.Domain.Exploitation;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Exploitation referrals with a Risk Factor Matrix (issue #5 §1), on each database.</summary>
public abstract class ReferralTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private async Task<Dictionary<string, string>> FormAsync(string types, params (string Code, string Answer)[] answers)
    {
        var template = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync());
        var form = template.Indicators.ToDictionary(i => $"Answers[{i.Code}]", _ => "No");
        foreach (var (code, answer) in answers)
        {
            form[$"Answers[{code}]"] = answer;
        }

        form["ReferrerName"] = "Sam Example";
        form["ReferrerAgency"] = "School";
        form["ReceivedOn"] = Beacon.Domain.Missing.ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant()).ToString("d/M/yyyy", null);
        form["Types"] = types;
        return form;
    }

    private static Guid IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    [Fact]
    public async Task A_referral_is_scored_routed_by_level_to_key_work_or_the_district_s_panel_and_can_be_overridden_with_a_reason()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = $"/children/{App.CountyChildId}/referrals/new";
        Assert.Contains("Carrying a weapon", await practitioner.GetStringAsync(page));
        var before = await App.WithDb(db => db.Referrals.CountAsync());

        // Nothing answered: every problem explained, nothing saved.
        var empty = await BeaconApp.PostFormAsync(practitioner, page, new() { ["ReferrerName"] = "", ["ReceivedOn"] = "31/02/2026" });
        var html = await empty.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Enter the name of the person referring", html);
        Assert.Contains("Select the kinds of exploitation", html);
        Assert.Contains("href=\"#answer-WEAPON\"", html);
        Assert.Equal(before, await App.WithDb(db => db.Referrals.CountAsync()));

        // A known weapon forces High whatever the points: the Stafford panel's agenda.
        var high = IdFrom(await BeaconApp.PostFormAsync(practitioner, page, await FormAsync("CCE", ("WEAPON", "Known")), page));
        var referral = await App.WithDb(db => db.Referrals.SingleAsync(r => r.Id == high));
        Assert.Equal((6, RiskLevel.High, RiskLevel.High, Pathway.MacePanel, "Stafford"), (referral.Points, referral.ScoredLevel, referral.Level, referral.Pathway, referral.Panel)); // 6 points is Low by points
        Assert.Equal(referral.ReceivedOn.PlusWeeks(6), referral.ReassessmentDueOn);
        Assert.Equal("{\"WEAPON\":\"Known\"}", referral.Answers);
        var details = await practitioner.GetStringAsync($"/referrals/{high}");
        Assert.Contains("High risk", details);
        Assert.Contains("MACE panel: Stafford", details);

        // Two points: Low, the key-work queue.
        var low = IdFrom(await BeaconApp.PostFormAsync(practitioner, page, await FormAsync("CSE", ("OUT_LATE", "Known")), page));
        var lowReferral = await App.WithDb(db => db.Referrals.SingleAsync(r => r.Id == low));
        Assert.Equal((RiskLevel.Low, Pathway.KeyWork, (string?)null), (lowReferral.Level, lowReferral.Pathway, lowReferral.Panel));
        var keyWork = await practitioner.GetStringAsync("/referrals?pathway=key-work");
        var panels = await practitioner.GetStringAsync("/referrals?pathway=panel&panel=Stafford");
        Assert.Contains($"/referrals/{low}", keyWork);
        Assert.DoesNotContain($"/referrals/{high}", keyWork);
        Assert.Contains($"/referrals/{high}", panels);
        Assert.DoesNotContain($"/referrals/{low}", panels);

        // By key worker: waiting for one (the key-work queue only), or has one (either route).
        var practitionerId = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        await App.WithDb(db => db.Referrals.Where(r => r.Id == high).ExecuteUpdateAsync(u => u.SetProperty(r => r.KeyWorkerId, practitionerId)));
        var waitingForOne = await practitioner.GetStringAsync("/referrals?allocated=no");
        var hasOne = await practitioner.GetStringAsync("/referrals?allocated=yes");
        Assert.Contains($"/referrals/{low}", waitingForOne);
        Assert.DoesNotContain($"/referrals/{high}", waitingForOne);
        Assert.Contains($"/referrals/{high}", hasOne);
        Assert.DoesNotContain($"/referrals/{low}", hasOne);

        // Professional judgement needs a reason; then the route follows the new level.
        var version = await App.WithDb(db => db.Referrals.Where(r => r.Id == low).Select(r => r.Version).SingleAsync());
        var noReason = await BeaconApp.PostFormAsync(practitioner, $"/referrals/{low}?handler=Override", new() { ["OverrideLevel"] = "Medium", ["OverrideReason"] = "", ["Version"] = version.ToString() }, $"/referrals/{low}");
        Assert.Contains("Give the reason for your professional judgement", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(RiskLevel.Low, await App.WithDb(db => db.Referrals.Where(r => r.Id == low).Select(r => r.Level).SingleAsync()));
        var overridden = await BeaconApp.PostFormAsync(practitioner, $"/referrals/{low}?handler=Override", new() { ["OverrideLevel"] = "Medium", ["OverrideReason"] = "Seen getting into cars with older males.", ["Version"] = version.ToString() }, $"/referrals/{low}");
        Assert.Equal(HttpStatusCode.Redirect, overridden.StatusCode);
        var changed = await App.WithDb(db => db.Referrals.SingleAsync(r => r.Id == low));
        Assert.Equal((RiskLevel.Low, RiskLevel.Medium, Pathway.MacePanel, "Stafford"), (changed.ScoredLevel, changed.Level, changed.Pathway, changed.Panel));

        // Inappropriate: with a reason, off every queue. A stale form is refused.
        var stale = await BeaconApp.PostFormAsync(practitioner, $"/referrals/{low}?handler=Inappropriate", new() { ["InappropriateReason"] = "Duplicate.", ["Version"] = version.ToString() }, $"/referrals/{low}");
        Assert.Contains("Someone else changed this referral", await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, $"/referrals/{low}?handler=Inappropriate", new() { ["InappropriateReason"] = "Already open with another service.", ["Version"] = changed.Version.ToString() }, $"/referrals/{low}")).StatusCode);
        Assert.DoesNotContain($"/referrals/{low}", await practitioner.GetStringAsync("/referrals"));

        // The child's record shows risk over time; the responsible council sees it, another council cannot see the child.
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        var record = await county.GetStringAsync($"/children/{App.CountyChildId}");
        Assert.Contains("Exploitation referral", record);
        Assert.Contains("high risk", record);
        var denied = await county.GetAsync($"/referrals/{high}"); // provider casework only: sent to "access denied"
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden || denied.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true, denied.StatusCode.ToString());
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/children/{App.CountyChildId}")).StatusCode);

        var audited = await App.WithDb(db => db.AuditEntries.Where(e => e.RecordType == "Referral" && e.RecordId == $"{App.CountyChildId}/{low}").Select(e => e.Action).ToListAsync());
        Assert.Contains("create", audited);
        Assert.Contains("update", audited);
        Assert.Contains("view", audited);
    }

    [Fact]
    public async Task A_new_matrix_version_applies_to_new_referrals_while_old_ones_keep_theirs_and_a_bad_definition_is_refused()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = $"/children/{App.CityChildId}/referrals/new";
        var first = IdFrom(await BeaconApp.PostFormAsync(practitioner, page, await FormAsync("CCE", ("WEAPON", "Known")), page));
        var firstVersion = await App.WithDb(db => db.Referrals.Where(r => r.Id == first).Select(r => r.TemplateVersion).SingleAsync());

        // An administrator's broken definition is explained and publishes nothing.
        var admin = await App.SignInAsync(BeaconApp.Administrator);
        var versions = await App.WithDb(db => db.RfmTemplates.CountAsync());
        var broken = await BeaconApp.PostFormAsync(admin, "/admin/rfm", new() { ["Definition"] = "{\"Name\":\"Broken\",\"LowFrom\":5,\"MediumFrom\":3,\"HighFrom\":9,\"Sections\":[]}" });
        var brokenHtml = await broken.Content.ReadAsStringAsync();
        Assert.Contains("The thresholds must rise", brokenHtml);
        Assert.Contains("at least one section", brokenHtml);
        Assert.Contains("is not valid JSON", await (await BeaconApp.PostFormAsync(admin, "/admin/rfm", new() { ["Definition"] = "{ not json" })).Content.ReadAsStringAsync());
        Assert.Equal(versions, await App.WithDb(db => db.RfmTemplates.CountAsync()));
        Assert.NotEqual(HttpStatusCode.OK, (await practitioner.GetAsync("/admin/rfm")).StatusCode);

        var starter = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync());
        var next = new MatrixTemplate(0, "Shorter matrix", [new MatrixSection("Offending", [new Indicator("KNIFE", "Carrying a knife", 5, RiskLevel.High)])], 2, 8, 16);
        var (published, none) = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).PublishAsync(System.Text.Json.JsonSerializer.Serialize(next, RfmTemplates.Json), "test"));
        Assert.Empty(none);
        Assert.Equal(firstVersion + 1, published);

        var form = await practitioner.GetStringAsync(page);
        Assert.Contains("Carrying a knife", form);
        Assert.DoesNotContain("Carrying a weapon", form);
        var second = IdFrom(await BeaconApp.PostFormAsync(practitioner, page, new()
        {
            ["Answers[KNIFE]"] = "Suspected",
            ["ReferrerName"] = "Sam Example",
            ["ReferrerAgency"] = "Police",
            ["ReceivedOn"] = Beacon.Domain.Missing.ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant()).ToString("d/M/yyyy", null),
            ["Types"] = "KNIFE_CRIME",
        }, page));
        var secondReferral = await App.WithDb(db => db.Referrals.SingleAsync(r => r.Id == second));
        Assert.Equal((published!.Value, RiskLevel.Medium, "Stoke-on-Trent"), (secondReferral.TemplateVersion, secondReferral.Level, secondReferral.Panel)); // suspected: one below High

        // The first referral still reads on its own version.
        Assert.Contains("Carrying a weapon: <strong>known</strong>", await practitioner.GetStringAsync($"/referrals/{first}"));

        // Publish the starter matrix again (a newer version with the same content) for the other tests of this class.
        var (restored, _) = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).PublishAsync(System.Text.Json.JsonSerializer.Serialize(starter, RfmTemplates.Json), "test"));
        Assert.Equal(published + 1, restored);
    }

    [Fact]
    public async Task The_generator_creates_scored_routed_and_audited_synthetic_referrals()
    {
        App.SkipIfUnavailable();
        var settings = App.CliSettings;
        var before = await App.WithDb(db => db.Referrals.CountAsync());
        var output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["demo", "generate", "referrals", "--count", "5", "--seed", "7"], output, new StringWriter(), settings));
        Assert.Contains("Created 5 synthetic referrals", output.ToString());
        var made = await App.WithDb(db => db.Referrals.OrderByDescending(r => r.CreatedAt).Take(5).ToListAsync());
        Assert.Equal(before + 5, await App.WithDb(db => db.Referrals.CountAsync()));
        Assert.All(made, r => Assert.Equal(r.Level == Beacon.Domain.Exploitation.RiskLevel.Low ? Beacon.Domain.Exploitation.Pathway.KeyWork : r.Pathway, r.Pathway));
        var ids = made.Select(r => $"{r.ChildId}/{r.Id}").ToList();
        Assert.Equal(5, await App.WithDb(db => db.AuditEntries.CountAsync(e => e.RecordType == "Referral" && e.Action == "create" && ids.Contains(e.RecordId!))));
    }

    [Fact]
    public async Task The_api_records_a_scored_referral_refuses_bad_answers_and_reads_it_back_to_provider_caseworkers_only()
    {
        App.SkipIfUnavailable();
        var template = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync());
        var answers = template.Indicators.ToDictionary(i => i.Code, _ => "No");
        var api = await App.ApiAsync(BeaconApp.Practitioner);
        var body = new
        {
            referrer_name = "Synthetic Referrer",
            referrer_agency = "School",
            received_on = Beacon.Domain.Missing.ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant()).ToString("yyyy-MM-dd", null),
            exploitation_types = new[] { "CCE" },
            answers,
        };
        var before = await App.WithDb(db => db.Referrals.CountAsync());

        var bad = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, $"/api/v1/children/{App.CountyChildId}/referrals", body with { answers = new Dictionary<string, string> { [answers.Keys.First()] = "Maybe" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("known, suspected or no", await bad.Content.ReadAsStringAsync());
        Assert.Equal(before, await App.WithDb(db => db.Referrals.CountAsync()));

        var created = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, $"/api/v1/children/{App.CountyChildId}/referrals", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var read = await api.GetStringAsync(location);
        Assert.Contains("\"level\":\"", read);
        Assert.Contains("\"pathway\":\"", read);
        Assert.Contains($"\"child_id\":\"{App.CountyChildId}\"", read);

        var council = await App.ApiAsync(BeaconApp.CountyWorker);
        Assert.Equal(HttpStatusCode.Forbidden, (await council.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/referrals/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, $"/api/v1/children/{Guid.NewGuid()}/referrals", body)).StatusCode);
    }

    [Fact]
    public async Task The_reassessment_interval_is_configuration()
    {
        App.SkipIfUnavailable();
        var referral = await App.WithDb(async db =>
        {
            var options = Microsoft.Extensions.Options.Options.Create(new Beacon.Web.Infrastructure.BeaconOptions { Exploitation = { ReassessmentWeeks = 4 } });
            var templates = new RfmTemplates(db, SystemClock.Instance);
            var answers = (await templates.CurrentAsync()).Indicators.ToDictionary(i => i.Code, i => i.Code == "WEAPON" ? "Known" : "No");
            var today = Beacon.Domain.Missing.ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());
            var (created, errors) = await new ReferralWork(db, templates, SystemClock.Instance, options)
                .CreateAsync(App.PlacedChildId, new ReferralInput("Sam Example", "School", today.ToString("d/M/yyyy", null), ["CCE"], answers));
            Assert.Empty(errors);
            return created!;
        });
        Assert.Equal(referral.ReceivedOn.PlusWeeks(4), referral.ReassessmentDueOn);
    }

    [Fact]
    public async Task A_reassessment_changes_the_level_in_force_reroutes_and_restarts_the_clock_and_is_kept_as_risk_over_time()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = $"/children/{App.CountyChildId}/referrals/new";
        var id = IdFrom(await BeaconApp.PostFormAsync(practitioner, page, await FormAsync("CCE", ("WEAPON", "Known")), page));
        var details = $"/referrals/{id}";
        var version = await App.WithDb(db => db.Referrals.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());

        var empty = await BeaconApp.PostFormAsync(practitioner, details + "?handler=Reassess", new() { ["ReviewNote"] = "", ["Version"] = version.ToString() }, details);
        var html = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Select the level of risk now", html);
        Assert.Contains("Say what has changed and why", html);
        Assert.Equal(0, await App.WithDb(db => db.RiskReviews.CountAsync(r => r.ReferralId == id)));

        var done = await BeaconApp.PostFormAsync(practitioner, details + "?handler=Reassess", new() { ["ReviewLevel"] = "Low", ["ReviewNote"] = "No longer carrying; engaged with youth club.", ["Version"] = version.ToString() }, details);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var today = Beacon.Domain.Missing.ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());
        var referral = await App.WithDb(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal((RiskLevel.Low, Pathway.KeyWork, (string?)null, today.PlusWeeks(6)), (referral.Level, referral.Pathway, referral.Panel, referral.ReassessmentDueOn!.Value));
        Assert.Contains("low (reassessed by", await practitioner.GetStringAsync(details));
        Assert.Contains("Risk reassessed", await practitioner.GetStringAsync($"/children/{App.CountyChildId}"));

        var stale = await BeaconApp.PostFormAsync(practitioner, details + "?handler=Reassess", new() { ["ReviewLevel"] = "High", ["ReviewNote"] = "Stale form.", ["Version"] = version.ToString() }, details);
        Assert.Contains("Someone else changed this referral", await stale.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.WithDb(db => db.RiskReviews.CountAsync(r => r.ReferralId == id)));
    }

}

public sealed class SqliteReferralTests(SqliteApp app) : ReferralTests<SqliteApp>(app);

public sealed class PostgresReferralTests(PostgresApp app) : ReferralTests<PostgresApp>(app);

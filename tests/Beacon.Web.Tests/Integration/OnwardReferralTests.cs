using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Onward;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Onward referrals and the directory (issue #19 §3): the directory kept by the provider; referrals from the
/// interview form once each, the old free text kept; dated status changes and the wait; scoped to who may see the child;
/// the report against hand-worked figures; on each database.</summary>
public abstract class OnwardReferralTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static LocalDate Today => ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());

    private static string D(LocalDate date) => date.ToString("d/M/yyyy", null);

    /// <summary>A page's refusal (Forbid): the redirect to the access-denied page.</summary>
    private static void Refused(HttpResponseMessage response) =>
        Assert.Contains("/account/access-denied", response.Headers.Location?.OriginalString ?? $"(status {(int)response.StatusCode})", StringComparison.Ordinal);

    private Task<Guid> ResourceAsync(string kind, string? districts) => App.WithDb(async db =>
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var resource = new CommunityResource { Id = Guid.NewGuid(), Name = $"Test {kind} {Guid.NewGuid():N}"[..30], Kind = kind, Districts = districts, CreatedAt = now, UpdatedAt = now, UpdatedBy = "test" };
        db.Set<CommunityResource>().Add(resource);
        await db.SaveChangesAsync();
        return resource.Id;
    });

    private Task<Guid> ChildAsync(string district) => App.WithDb(async db =>
    {
        var area = await db.Areas.SingleAsync(a => a.GssCode == district);
        var now = SystemClock.Instance.GetCurrentInstant();
        var child = new Child
        {
            Id = Guid.NewGuid(),
            Reference = $"T-{Guid.NewGuid():N}"[..16],
            GivenName = "Onward",
            FamilyName = "Testchild",
            DateOfBirth = new LocalDate(2005, 1, 1),
            Gender = "male",
            HostDistrictCode = district,
            HostAuthorityId = area.AuthorityId,
            ResponsibleAuthorityId = area.AuthorityId,
            LivingSituation = "HOME",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Children.Add(child);
        await db.SaveChangesAsync();
        return child.Id;
    });

    [Fact]
    public async Task The_provider_keeps_the_directory_and_everyone_reads_it_filtered_by_kind_and_district()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var name = $"Stafford Test Boxing {Guid.NewGuid():N}"[..32];
        var bad = await BeaconApp.PostFormAsync(practitioner, "/resources/edit", new() { ["Name"] = "", ["Kind"] = "NOPE", ["MinAge"] = "30" }, "/resources/edit");
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("Enter the name of the resource", badHtml);
        Assert.Contains("Select the kind of resource", badHtml);
        Assert.Contains("Enter the youngest age as a whole number from 0 to 25", badHtml);
        var saved = await BeaconApp.PostFormAsync(practitioner, "/resources/edit", new() { ["Name"] = name, ["Kind"] = "SPORT", ["Districts"] = "E07000197", ["MinAge"] = "11", ["MaxAge"] = "18", ["Contact"] = "01632 960 111" }, "/resources/edit");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        Assert.Contains(name, await county.GetStringAsync("/resources?Kind=SPORT&District=E07000197"));
        Assert.DoesNotContain(name, await county.GetStringAsync("/resources?Kind=CAMHS"));
        Assert.DoesNotContain(name, await county.GetStringAsync("/resources?District=E07000199"));
        Refused(await county.GetAsync("/resources/edit"));
        Refused(await BeaconApp.PostFormAsync(county, "/resources/edit", new() { ["Name"] = "Council's own", ["Kind"] = "SPORT" }, "/resources"));
        Assert.False(await App.WithDb(db => db.Set<CommunityResource>().AnyAsync(r => r.Name == "Council's own")));

        var api = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/community-resources?kind=SPORT&district=E07000197");
        var entry = list.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        Assert.Equal("11 to 18", entry.GetProperty("ages").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/community-resources?kind=NOPE")).StatusCode);
    }

    [Fact]
    public async Task The_interview_form_refers_on_to_resources_once_each_and_keeps_the_old_free_text()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid();
        body["district_code"] = "E07000197";
        body["responsible_authority"] = "860";
        var notified = await (await police.PostAsJsonAsync("/api/v1/notifications", body)).Content.ReadFromJsonAsync<JsonElement>();
        var (rhi, child) = (notified.GetProperty("return_interview_id").GetGuid(), notified.GetProperty("child_id").GetGuid());
        var stafford = await ResourceAsync("CAMHS", "E07000197");
        var stoke = await ResourceAsync("SPORT", "E06000021");
        await App.WithDb(async db =>
        {
            (await db.ReturnInterviews.SingleAsync(r => r.Id == rhi)).ReferralsMade = "Old text: referred to school nurse";
            return await db.SaveChangesAsync();
        });

        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = $"/return-interviews/{rhi}/interview";
        var form = WebUtility.HtmlDecode(await practitioner.GetStringAsync(page));
        Assert.Contains("Old text: referred to school nurse", form);
        Assert.Contains(stafford.ToString(), form);
        Assert.DoesNotContain(stoke.ToString(), form); // serves another district
        var now = Beacon.Web.Infrastructure.Time.UkTime.FormInput(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(5));
        var draft = new Dictionary<string, string> { ["InterviewedAt"] = now, ["OnwardReferrals"] = stafford.ToString(), ["action"] = "draft" };
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, page, draft, page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, page, draft, page)).StatusCode); // saved again: still one
        Assert.Equal(HttpStatusCode.OK, (await BeaconApp.PostFormAsync(practitioner, page, new Dictionary<string, string>(draft) { ["OnwardReferrals"] = Guid.NewGuid().ToString() }, page)).StatusCode);

        var referral = await App.WithDb(db => db.Set<OnwardReferral>().SingleAsync(r => r.ChildId == child));
        Assert.Equal(("RHI", rhi, stafford, "MADE", Today), (referral.Source, referral.SourceId!.Value, referral.ResourceId, referral.Status, referral.MadeOn));
        var interview = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi));
        Assert.Equal("Old text: referred to school nurse", interview.ReferralsMade);
        var again = WebUtility.HtmlDecode(await practitioner.GetStringAsync(page));
        Assert.Contains($"/onward-referrals/{referral.Id}", again);
        Assert.DoesNotContain($"value=\"{stafford}\"", again); // already referred: not offered again
        Assert.Contains($"/onward-referrals/{referral.Id}", await practitioner.GetStringAsync($"/children/{child}/onward-referrals"));
    }

    [Fact]
    public async Task Status_changes_are_dated_in_order_and_the_wait_runs_from_made_to_started()
    {
        App.SkipIfUnavailable();
        var child = await ChildAsync("E07000197");
        var resource = await ResourceAsync("CAMHS", null);
        var api = await App.ApiAsync(BeaconApp.Practitioner);
        var made = await api.PostAsJsonAsync($"/api/v1/children/{child}/onward-referrals", new { resource_id = resource, source = "FAMILY", made_on = Today.PlusDays(-30).ToString("yyyy-MM-dd", null) });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/v1/children/{child}/onward-referrals", new { resource_id = resource, source = "KEY_WORK", source_id = Guid.NewGuid() })).StatusCode);

        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = $"/onward-referrals/{id}";
        Task<HttpResponseMessage> Change(string status, LocalDate on) => BeaconApp.PostFormAsync(practitioner, page, new() { ["Status"] = status, ["On"] = D(on) }, page);
        Assert.Contains("cannot be before the last change", WebUtility.HtmlDecode(await (await Change("WAITING", Today.PlusDays(-31))).Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await Change("WAITING", Today.PlusDays(-20))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Change("STARTED", Today.PlusDays(-10))).StatusCode);
        Assert.Contains("Choose a status that can follow", WebUtility.HtmlDecode(await (await Change("WAITING", Today)).Content.ReadAsStringAsync()));
        var html = WebUtility.HtmlDecode(await practitioner.GetStringAsync(page));
        Assert.Contains("20 days", html);

        var view = await api.GetFromJsonAsync<JsonElement>($"/api/v1/children/{child}/onward-referrals");
        var r = view.EnumerateArray().Single();
        Assert.Equal(("STARTED", 20, 3), (r.GetProperty("status").GetString(), r.GetProperty("wait_days").GetInt32(), r.GetProperty("steps").GetArrayLength()));
        var stale = await api.PostAsJsonAsync($"/api/v1/onward-referrals/{id}/status", new { status = "CLOSED", on = Today.ToString("yyyy-MM-dd", null), version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var closed = await api.PostAsJsonAsync($"/api/v1/onward-referrals/{id}/status", new { status = "CLOSED", on = Today.ToString("yyyy-MM-dd", null), version = r.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/v1/onward-referrals/{id}/status", new { status = "STARTED", on = Today.ToString("yyyy-MM-dd", null) })).StatusCode);
        // The change of status is in the child's audited record.
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.RecordType == nameof(OnwardReferral) && a.Action != "view")));
    }

    [Fact]
    public async Task A_user_who_may_not_see_the_child_cannot_see_or_change_its_referrals()
    {
        App.SkipIfUnavailable();
        var child = await ChildAsync("E07000197"); // Staffordshire's
        var resource = await ResourceAsync("ARTS", null);
        var practitioner = await App.ApiAsync(BeaconApp.Practitioner);
        var made = await practitioner.PostAsJsonAsync($"/api/v1/children/{child}/onward-referrals", new { resource_id = resource, source = "FAMILY", made_on = Today.ToString("yyyy-MM-dd", null), notes = "SECRET-ONWARD-NOTE" });
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        Assert.Contains("SECRET-ONWARD-NOTE", await county.GetStringAsync($"/onward-referrals/{id}"));
        Refused(await BeaconApp.PostFormAsync(county, $"/onward-referrals/{id}", new() { ["Status"] = "STARTED", ["On"] = D(Today) }, $"/onward-referrals/{id}"));
        foreach (var outsider in new[] { BeaconApp.CityWorker, BeaconApp.CityManager, BeaconApp.SecondForceLiaison, BeaconApp.Analyst })
        {
            var web = await App.SignInAsync(outsider);
            foreach (var url in new[] { $"/children/{child}/onward-referrals", $"/onward-referrals/{id}" })
            {
                var response = await web.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{outsider} GET {url}: {(int)response.StatusCode}");
                Assert.DoesNotContain("SECRET-ONWARD-NOTE", await response.Content.ReadAsStringAsync());
            }

            var api = await App.ApiAsync(outsider);
            var listed = await api.GetAsync($"/api/v1/children/{child}/onward-referrals");
            Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
            Assert.DoesNotContain("SECRET-ONWARD-NOTE", await listed.Content.ReadAsStringAsync());
        }

        // A provider caseworker's change through the API is refused for a child the token's user may not see.
        var cityApi = await App.ApiAsync(BeaconApp.CityWorker);
        Assert.Equal(HttpStatusCode.Forbidden, (await cityApi.PostAsJsonAsync($"/api/v1/onward-referrals/{id}/status", new { status = "STARTED", on = Today.ToString("yyyy-MM-dd", null) })).StatusCode);
        Assert.Equal("MADE", await App.WithDb(db => db.Set<OnwardReferral>().Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.RecordType == "OnwardReferral" && a.RecordId == id.ToString() && a.Outcome == "denied")));
    }

    [Fact]
    public async Task The_report_matches_hand_worked_figures()
    {
        App.SkipIfUnavailable();
        // Financial year 2019: 1 April 2019 to 31 March 2020. A and B in Stafford; C in Cannock Chase.
        var (a, b, c) = (await ChildAsync("E07000197"), await ChildAsync("E07000197"), await ChildAsync("E07000192"));
        var (camhs, sport) = (await ResourceAsync("CAMHS", null), await ResourceAsync("SPORT", null));
        await App.WithDb(async db =>
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            void Refer(Guid child, Guid resource, string made, params (string Status, string On)[] steps)
            {
                var (referral, first) = OnwardReferrals.New(child, resource, "FAMILY", null, NodaTime.Text.LocalDatePattern.Iso.Parse(made).Value, null, "test", now);
                db.Set<OnwardReferral>().Add(referral);
                db.Set<OnwardReferralStep>().Add(first);
                foreach (var (status, on) in steps)
                {
                    referral.Status = status;
                    referral.StatusOn = NodaTime.Text.LocalDatePattern.Iso.Parse(on).Value;
                    db.Set<OnwardReferralStep>().Add(new OnwardReferralStep { Id = Guid.NewGuid(), OnwardReferralId = referral.Id, ChildId = child, Status = status, On = referral.StatusOn, RecordedBy = "test", RecordedAt = now });
                }
            }

            Refer(a, camhs, "2019-04-01", ("WAITING", "2019-04-02"), ("STARTED", "2019-04-11"));    // 10 days, first day of the year
            Refer(b, camhs, "2019-06-01", ("STARTED", "2019-06-21"));                              // 20 days
            Refer(c, camhs, "2020-03-20", ("ACCEPTED", "2020-03-25"), ("STARTED", "2020-04-10"));  // 21 days, started next year
            Refer(a, sport, "2019-05-01", ("DECLINED", "2019-05-03"));                             // not started
            Refer(c, sport, "2019-03-31", ("STARTED", "2019-04-02"));                              // the year before
            Refer(b, sport, "2020-04-01");                                                         // the year after
            return await db.SaveChangesAsync();
        });

        var output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "onward-referrals", "--financial-year", "2019", "--format", "csv"], output, new StringWriter(), App.CliSettings));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("area,area_kind,kind,referrals,started,median_wait_days,started_percent", lines[0]);
        Assert.Contains("Whole area,whole,CAMHS,3,3,20.0,100.0", lines);            // 10, 20, 21
        Assert.Contains("Whole area,whole,SPORT,1,0,,0.0", lines);                  // none started: no median
        Assert.Contains("Whole area,whole,ALL,4,3,20.0,75.0", lines);
        Assert.Contains("Stafford,district,ALL,3,2,15.0,66.7", lines);              // 10 and 20: the mean of the middle two
        Assert.Contains("Stafford,district,CAMHS,2,2,15.0,100.0", lines);
        Assert.Contains("Cannock Chase,district,CAMHS,1,1,21.0,100.0", lines);      // straddling: counted in the year made
        Assert.Contains("Tamworth,district,ALL,0,0,,", lines);

        var json = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "onward-referrals", "--financial-year", "2019", "--format", "json"], json, new StringWriter(), App.CliSettings));
        using var doc = JsonDocument.Parse(json.ToString());
        var whole = doc.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("area_kind").GetString() == "whole" && r.GetProperty("kind").GetString() == "ALL");
        Assert.Equal((4, 20.0m, 75.0m), (whole.GetProperty("referrals").GetInt32(), whole.GetProperty("median_wait_days").GetDecimal(), whole.GetProperty("started_percent").GetDecimal()));
        var xlsx = Path.Combine(Directory.CreateTempSubdirectory("beacon-onward-").FullName, "onward.xlsx");
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "onward-referrals", "--financial-year", "2019", "--format", "xlsx", "--out", xlsx], new StringWriter(), new StringWriter(), App.CliSettings));
        Assert.True(new FileInfo(xlsx).Length > 1000);

        // The Reports page shows the same figures to a report reader (labels, not codes), and its CSV is the command's.
        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        var html = WebUtility.HtmlDecode(await analyst.GetStringAsync("/reports/onward-referrals?year=2019"));
        Assert.Contains("Child and adolescent mental health services (CAMHS)", html);
        Assert.Contains("66.7", html);
        Assert.Equal(output.ToString(), await analyst.GetStringAsync("/reports/onward-referrals?handler=Csv&year=2019"));
        Assert.NotEqual(HttpStatusCode.OK, (await (await App.SignInAsync(BeaconApp.Practitioner)).GetAsync("/reports/onward-referrals?year=2019")).StatusCode);
    }
}

public sealed class SqliteOnwardReferralTests(SqliteApp app) : OnwardReferralTests<SqliteApp>(app);

public sealed class PostgresOnwardReferralTests(PostgresApp app) : OnwardReferralTests<PostgresApp>(app);

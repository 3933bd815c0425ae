using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Web.Features.SupportPlans;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>The safety and support plan (issue #19 §2): versions kept, shared with the responsible council and no
/// other (audited), the owner's overdue actions; on each database.</summary>
public abstract partial class SupportPlanTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static LocalDate Today => ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());

    private static string D(LocalDate date) => date.ToString("d/M/yyyy", null);

    /// <summary>A new child of Staffordshire (LA-860) living in Stafford.</summary>
    private Task<Guid> ChildAsync(string givenName = "Plan") => App.WithDb(async db =>
    {
        var area = await db.Areas.SingleAsync(a => a.GssCode == "E07000197");
        var now = SystemClock.Instance.GetCurrentInstant();
        var child = new Child
        {
            Id = Guid.NewGuid(),
            Reference = $"T-{Guid.NewGuid():N}"[..16],
            GivenName = givenName,
            FamilyName = "Testchild",
            DateOfBirth = new LocalDate(2010, 1, 1),
            Gender = "female",
            HostDistrictCode = "E07000197",
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

    private static Dictionary<string, string> Plan(int basedOn, string risks, params (string Action, string Owner, LocalDate Due, LocalDate? Done)[] actions)
    {
        var form = new Dictionary<string, string>
        {
            ["BasedOn"] = basedOn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Risks"] = risks,
            ["KeepsMeSafe"] = "Phoning my nan\nStaying in at night",
            ["TrustedAdults"] = "Nan (Ruth)",
            ["PlacesToAvoid"] = "The underpass by the station",
            ["ReviewOn"] = D(Today.PlusDays(28)),
        };
        for (var i = 0; i < actions.Length; i++)
        {
            form[$"Actions[{i}].Action"] = actions[i].Action;
            form[$"Actions[{i}].Owner"] = actions[i].Owner;
            form[$"Actions[{i}].DueOn"] = D(actions[i].Due);
            form[$"Actions[{i}].DoneOn"] = actions[i].Done is { } done ? D(done) : "";
        }

        return form;
    }

    [Fact]
    public async Task Every_save_is_a_new_version_the_responsible_council_reads_them_and_another_council_cannot()
    {
        App.SkipIfUnavailable();
        var child = await ChildAsync();
        var edit = $"/children/{child}/safety-plan/edit";
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);

        // An unknown owner and a bad date are explained; nothing is saved.
        var bad = await (await BeaconApp.PostFormAsync(practitioner, edit, Plan(0, "Exploited at the park", ("Refer to CAMHS", "NOPE", Today, null)))).Content.ReadAsStringAsync();
        Assert.Contains("Action 1: choose the agency that owns it", bad);
        Assert.Equal(0, await App.WithDb(db => db.Set<SafetyPlan>().CountAsync(p => p.ChildId == child)));

        // Version 1, then version 2 based on it; a save based on version 1 again is refused.
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, edit, Plan(0, "Exploited at the park", ("Refer to CAMHS", "LA-860", Today.PlusDays(7), null)))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, edit, Plan(1, "Older boys at the station", ("Refer to CAMHS", "LA-860", Today.PlusDays(7), Today)))).StatusCode);
        var stale = await (await BeaconApp.PostFormAsync(practitioner, edit, Plan(1, "Overwritten", ("Refer to CAMHS", "LA-860", Today, null)))).Content.ReadAsStringAsync();
        Assert.Contains("Someone else saved a new version", stale);
        var versions = await App.WithDb(db => db.Set<SafetyPlan>().Where(p => p.ChildId == child).OrderBy(p => p.Version).Select(p => new { p.Version, p.IsCurrent, p.Risks }).ToListAsync());
        Assert.Equal([(1, false, "Exploited at the park"), (2, true, "Older boys at the station")], versions.Select(v => (v.Version, v.IsCurrent, v.Risks)));
        Assert.Equal(2, await App.WithDb(db => db.Set<SafetyPlanAction>().CountAsync(a => a.ChildId == child)));

        // The responsible council reads the current plan, the older version and the print view; it does not write.
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        var current = await county.GetStringAsync($"/children/{child}/safety-plan");
        Assert.Contains("Older boys at the station", current);
        Assert.Contains("Version 2 (current)", current);
        Assert.Contains("Exploited at the park", await county.GetStringAsync($"/children/{child}/safety-plan?version=1"));
        var print = await county.GetStringAsync($"/children/{child}/safety-plan/print");
        Assert.Contains("beacon-a4", print);
        Assert.Contains("The underpass by the station", print);
        Assert.NotEqual(HttpStatusCode.OK, (await county.GetAsync(edit)).StatusCode);
        var countyApi = await App.ApiAsync(BeaconApp.CountyManager);
        var plan = await countyApi.GetFromJsonAsync<JsonElement>($"/api/v1/children/{child}/safety-plan");
        Assert.Equal(2, plan.GetProperty("version").GetInt32());
        Assert.Equal("Older boys at the station", plan.GetProperty("risks")[0].GetString());
        Assert.Equal(2, (await countyApi.GetFromJsonAsync<JsonElement>($"/api/v1/children/{child}/safety-plan/versions")).GetArrayLength());
        Assert.Equal("Exploited at the park", (await countyApi.GetFromJsonAsync<JsonElement>($"/api/v1/children/{child}/safety-plan/versions/1")).GetProperty("risks")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await countyApi.PutAsJsonAsync($"/api/v1/children/{child}/safety-plan", new { risks = new[] { "x" }, based_on = 2 })).StatusCode);

        // Another council and another force cannot read it: 404 on page, print view and API.
        foreach (var outsider in new[] { BeaconApp.CityWorker, BeaconApp.SecondForceLiaison })
        {
            var web = await App.SignInAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/children/{child}/safety-plan")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/children/{child}/safety-plan/print")).StatusCode);
            var response = await (await App.ApiAsync(outsider)).GetAsync($"/api/v1/children/{child}/safety-plan");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("station", await response.Content.ReadAsStringAsync());
        }

        // The API saves version 3 (provider caseworkers), refuses bad input (400) and a stale base (409).
        var api = await App.ApiAsync(BeaconApp.Practitioner);
        var put = $"/api/v1/children/{child}/safety-plan";
        var invalid = await api.PutAsJsonAsync(put, new { risks = new[] { "r" }, actions = new[] { new { action = "Visit", owner = "LA-860", due_on = "not a date" } }, based_on = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("actions[0].due_on", await invalid.Content.ReadAsStringAsync());
        var saved = await api.PutAsJsonAsync(put, new { risks = new[] { "Online grooming" }, actions = new[] { new { action = "Visit", owner = "POLICE-STAFFS", due_on = D(Today) } }, based_on = 2 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(3, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PutAsJsonAsync(put, new { risks = new[] { "late" }, based_on = 2 })).StatusCode);

        // Reads are audited, the refused ones as denied; each version's creation through the child.
        var (countyId, cityId) = await App.WithDb(async db => (await db.Users.Where(u => u.Email == BeaconApp.CountyWorker).Select(u => u.Id).SingleAsync(), await db.Users.Where(u => u.Email == BeaconApp.CityWorker).Select(u => u.Id).SingleAsync()));
        var audit = await App.WithDb(db => db.AuditEntries.Where(e => e.RecordId!.StartsWith(child.ToString()) && (e.RecordType == "SafetyPlan"))
            .Select(e => new { e.Action, e.Outcome, e.UserId }).ToListAsync());
        Assert.Contains(audit, e => e.Action == "view" && e.Outcome == "allowed" && e.UserId == countyId);
        Assert.Contains(audit, e => e.Action == "view" && e.Outcome == "denied" && e.UserId == cityId);
        Assert.Equal(3, audit.Count(e => e.Action == "create"));
    }

    [Fact]
    public async Task An_overdue_action_is_on_its_owner_s_list_for_those_who_may_see_the_child_and_on_nobody_else_s()
    {
        App.SkipIfUnavailable();
        var child = await ChildAsync("Overdue");
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        var police = await App.SignInAsync(BeaconApp.PoliceLiaison);
        var before = await CountAsync(county);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, $"/children/{child}/safety-plan/edit", Plan(0, "Risk",
            ("COUNTY-OVERDUE arrange a strategy meeting", "LA-860", Today.PlusDays(-1), null),
            ("COUNTY-DONE education review", "LA-860", Today.PlusDays(-5), Today.PlusDays(-2)),
            ("COUNTY-DUE-TODAY school transport", "LA-860", Today, null),
            ("CITY-OVERDUE housing check", "LA-861", Today.PlusDays(-3), null),
            ("PROVIDER-LATER weekly sessions", "PROVIDER", Today.PlusDays(-2), null)))).StatusCode);

        // The owner council sees its one overdue action, counted on its home page and listed behind the count.
        Assert.Equal(before + 1, await CountAsync(county));
        var list = await county.GetStringAsync("/safety-plans/overdue-actions");
        Assert.Contains("COUNTY-OVERDUE", list);
        Assert.DoesNotContain("COUNTY-DONE", list);
        Assert.DoesNotContain("COUNTY-DUE-TODAY", list);
        Assert.DoesNotContain("CITY-OVERDUE", list);
        Assert.Contains("Overdue", await county.GetStringAsync($"/children/{child}/safety-plan"));

        // The city owns an overdue action but may not see the child: not on its list. The provider sees only its own.
        Assert.DoesNotContain("CITY-OVERDUE", await city.GetStringAsync("/safety-plans/overdue-actions"));
        var provider = await practitioner.GetStringAsync("/safety-plans/overdue-actions");
        Assert.Contains("PROVIDER-LATER", provider);
        Assert.DoesNotContain("COUNTY-OVERDUE", provider);
        Assert.DoesNotContain("Overdue Testchild", await police.GetStringAsync("/safety-plans/overdue-actions"));

        // A new version with the action done takes it off the list; the old version's copy does not count.
        var done = Plan(1, "Risk", ("COUNTY-OVERDUE arrange a strategy meeting", "LA-860", Today.PlusDays(-1), Today));
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, $"/children/{child}/safety-plan/edit", done)).StatusCode);
        Assert.Equal(before, await CountAsync(county));
        Assert.DoesNotContain("COUNTY-OVERDUE", await county.GetStringAsync("/safety-plans/overdue-actions"));
    }

    private static async Task<int> CountAsync(HttpClient client)
    {
        var match = OverdueCount().Match(await client.GetStringAsync("/"));
        Assert.True(match.Success, "no overdue plan actions count on the home page");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [System.Text.RegularExpressions.GeneratedRegex("id=\"count-plan-actions-overdue\"><a [^>]*href=\"/safety-plans/overdue-actions\" data-count=\"(\\d+)\"")]
    private static partial System.Text.RegularExpressions.Regex OverdueCount();
}

public sealed class SqliteSupportPlanTests(SqliteApp app) : SupportPlanTests<SqliteApp>(app);

public sealed class PostgresSupportPlanTests(PostgresApp app) : SupportPlanTests<PostgresApp>(app);

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Integration;

/// <summary>Who reads the audit log, and what it records (issue #16 §5, §8), through HTTP on each database.</summary>
public abstract class AuditScopeTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    /// <summary>The rows of the audit page's table, one string each.</summary>
    public static IReadOnlyList<string> Rows(string html) => !html.Contains("<tbody class=\"govuk-table__body\">", StringComparison.Ordinal) ? [] :
        [.. html.Split("<tbody class=\"govuk-table__body\">")[1].Split("</tbody>")[0].Split("<tr", StringSplitOptions.RemoveEmptyEntries).Where(r => r.Contains("</td>", StringComparison.Ordinal))];

    private Task<AuditEntry> LatestAsync(string user, string action, string recordType) =>
        App.WithDb(db => db.AuditEntries.AsNoTracking().Where(e => e.UserName == user && e.Action == action && e.RecordType == recordType).OrderBy(e => e.Sequence).LastAsync());

    [Fact]
    public async Task Audit_readers_see_their_own_organisation_s_entries_about_records_it_may_see_and_the_service_manager_and_dpo_see_all()
    {
        App.SkipIfUnavailable();
        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        Assert.Equal(HttpStatusCode.OK, (await chair.GetAsync($"/mace/children/{App.CountyChildId}")).StatusCode);
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/children/{App.CountyChildId}")).StatusCode);
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync($"/children/{App.CityChildId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/children/{App.CountyChildId}")).StatusCode);

        // The city's manager: nothing about the county-only child (not the chair's view revealing MACE interest, not even
        // their own worker's refused attempt), and unfiltered only the city's own entries.
        var cityManager = await App.SignInAsync(BeaconApp.CityManager);
        var search = await cityManager.GetStringAsync($"/audit?record={App.CountyChildId}");
        Assert.Empty(Rows(search));
        Assert.DoesNotContain(BeaconApp.PanelChair, search);
        var all = await cityManager.GetStringAsync("/audit");
        Assert.NotEmpty(Rows(all));
        Assert.All(Rows(all), row => Assert.Contains("data-label=\"Organisation\">LA-861</td>", row));
        Assert.Contains(App.CityChildId.ToString(), all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(App.CountyChildId.ToString(), all, StringComparison.OrdinalIgnoreCase);

        // The county's manager sees their worker's view, not the provider's.
        var countySearch = await (await App.SignInAsync(BeaconApp.CountyManager)).GetStringAsync($"/audit?record={App.CountyChildId}");
        Assert.Contains(BeaconApp.CountyWorker, countySearch);
        Assert.DoesNotContain(BeaconApp.PanelChair, countySearch);
        Assert.DoesNotContain(BeaconApp.CityWorker, countySearch);

        // The provider's service manager and the data protection officer see every entry about the child.
        foreach (var reader in new[] { BeaconApp.EmailFor(Roles.ServiceManager), BeaconApp.EmailFor(Roles.DataProtectionOfficer) })
        {
            var everything = await (await App.SignInAsync(reader)).GetStringAsync($"/audit?record={App.CountyChildId}");
            Assert.Contains(BeaconApp.PanelChair, everything);
            Assert.Contains(BeaconApp.CountyWorker, everything);
            Assert.Contains(BeaconApp.CityWorker, everything);
        }
    }

    [Fact]
    public async Task Lists_notification_reads_and_refusals_are_each_audited_once_with_the_filter_and_the_ids_shown()
    {
        App.SkipIfUnavailable();

        // The children list, page and API: the ids shown; a search says so but never its text.
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        Assert.Contains("Countyone", await county.GetStringAsync("/children"));
        var list = await LatestAsync(BeaconApp.CountyWorker, "list", "Child");
        Assert.Contains(App.CountyChildId.ToString(), list.Details!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(App.CityChildId.ToString(), list.Details!, StringComparison.OrdinalIgnoreCase);
        var countyApi = await App.ApiAsync(BeaconApp.CountyWorker);
        Assert.Equal(HttpStatusCode.OK, (await countyApi.GetAsync("/api/v1/children?q=Countyone")).StatusCode);
        var apiSearch = await LatestAsync(BeaconApp.CountyWorker, "list", "Child");
        Assert.True(apiSearch.Sequence > list.Sequence);
        Assert.Contains("search; hits: 1", apiSearch.Details!);
        Assert.Contains(App.CountyChildId.ToString(), apiSearch.Details!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Countyone", apiSearch.Details!);

        // A notification read through the API, allowed and refused (another force's episode is answered as missing).
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var created = await (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid())).Content.ReadFromJsonAsync<JsonElement>();
        var (episode, child, interview) = (created.GetProperty("episode_id").GetGuid(), created.GetProperty("child_id").GetGuid(), created.GetProperty("return_interview_id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync($"/api/v1/notifications/{episode}")).StatusCode);
        var read = await LatestAsync(BeaconApp.PoliceLiaison, "view", "Episode");
        Assert.Equal(($"{child}/{episode}", "allowed"), (read.RecordId!.ToLowerInvariant(), read.Outcome));
        var otherForce = await App.ApiAsync(BeaconApp.SecondForceLiaison);
        Assert.Equal(HttpStatusCode.NotFound, (await otherForce.GetAsync($"/api/v1/notifications/{episode}")).StatusCode);
        var refused = await LatestAsync(BeaconApp.SecondForceLiaison, "view", "Episode");
        Assert.Equal((episode.ToString(), "denied"), (refused.RecordId, refused.Outcome));

        // The RHI work list, page and API, with its filter and the interviews shown; the referrals list.
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.OK, (await practitioner.GetAsync("/return-interviews?state=to-offer")).StatusCode);
        var rhis = await LatestAsync(BeaconApp.Practitioner, "list", "ReturnInterview");
        Assert.Contains("state: to-offer; assigned: all; locality: all", rhis.Details!);
        Assert.Contains($"{child}/{interview}", rhis.Details!, StringComparison.OrdinalIgnoreCase);
        var rhiClient = await App.ApiAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.BadRequest, (await rhiClient.GetAsync("/api/v1/return-interviews?assigned=unassigned&state=nonsense")).StatusCode);
        Assert.Equal(rhis.Sequence, (await LatestAsync(BeaconApp.Practitioner, "list", "ReturnInterview")).Sequence); // refused: nothing listed
        Assert.Equal(HttpStatusCode.OK, (await rhiClient.GetAsync("/api/v1/return-interviews?assigned=unassigned")).StatusCode);
        var rhiApi = await LatestAsync(BeaconApp.Practitioner, "list", "ReturnInterview");
        Assert.True(rhiApi.Sequence > rhis.Sequence);
        Assert.Contains("state: all; assigned: unassigned", rhiApi.Details!);
        Assert.Equal(HttpStatusCode.OK, (await practitioner.GetAsync("/referrals")).StatusCode);
        Assert.Contains("shown: ", (await LatestAsync(BeaconApp.Practitioner, "list", "Referral")).Details!);

        // Role-level refusals, page and API: who, what and why.
        Assert.Equal(HttpStatusCode.Redirect, (await county.GetAsync("/audit?record=x")).StatusCode);
        var page = await LatestAsync(BeaconApp.CountyWorker, "access", "Endpoint");
        Assert.Equal(("GET /audit", "denied"), (page.RecordId, page.Outcome));
        Assert.Contains("audit-reader", page.Details!);
        Assert.Equal(HttpStatusCode.Forbidden, (await countyApi.GetAsync($"/api/v1/network?subject=child:{App.CountyChildId}")).StatusCode);
        var api = await LatestAsync(BeaconApp.CountyWorker, "access", "Endpoint");
        Assert.Equal(("GET /api/v1/network", "denied"), (api.RecordId, api.Outcome));
        Assert.Contains("panel", api.Details!);

        // A page's own role check (only the chair schedules), and a hidden record asked for by id: refusals both.
        var member = await App.SignInAsync(BeaconApp.PolicePanelMember);
        var token = BeaconApp.AntiforgeryToken(await member.GetStringAsync("/mace/panels/stafford"));
        await member.PostAsync("/mace/panels/stafford?handler=Schedule", new FormUrlEncodedContent([new("MeetingOn", "1/1/2027"), new("__RequestVerificationToken", token)]));
        var chairOnly = await LatestAsync(BeaconApp.PolicePanelMember, "access", "Endpoint");
        Assert.Equal(("POST /mace/panels/stafford", "denied", "role: panel-chair"), (chairOnly.RecordId, chairOnly.Outcome, chairOnly.Details));
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/mace/children/{App.PlacedChildId}")).StatusCode);
        var hidden = await LatestAsync(BeaconApp.PolicePanelMember, "view", "PanelChildView");
        Assert.Equal((App.PlacedChildId.ToString(), "denied"), (hidden.RecordId, hidden.Outcome));
    }
}

public sealed class SqliteAuditScopeTests(SqliteApp app) : AuditScopeTests<SqliteApp>(app);

public sealed class PostgresAuditScopeTests(PostgresApp app) : AuditScopeTests<PostgresApp>(app);

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Beacon.Domain.Organisations;
using Beacon.Web.Tests.Support;

namespace Beacon.Web.Tests.Integration;

/// <summary>Home is "my work today" (issue #17 §1): per role, counts that need action, each the total of the list it links to,
/// through the same access filter.</summary>
public abstract partial class HomeTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task Every_count_on_home_is_the_total_of_the_list_it_links_to_for_every_role_with_work()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(), TestContext.Current.CancellationToken)).StatusCode);
        var expected = new Dictionary<string, string[]>
        {
            [BeaconApp.Practitioner] = ["rhi-overdue", "rhi-due-soon", "rhi-to-offer", "rhi-unallocated", "rhi-mine", "meetings-due", "meetings-overdue", "actions-overdue", "referrals-waiting", "reassessments-due"],
            [BeaconApp.EmailFor(Roles.TeamManager)] = ["rhi-overdue", "rhi-unallocated"],
            [BeaconApp.PanelChair] = ["rhi-overdue", "panel-stafford"],
            [BeaconApp.CountyWorker] = ["children-open-rhi", "summaries-new"],
            [BeaconApp.CityManager] = ["children-open-rhi", "summaries-new"],
            [BeaconApp.PoliceLiaison] = ["summaries-new"],
        };
        foreach (var (user, ids) in expected)
        {
            var client = await App.SignInAsync(user);
            var counts = await CountsAsync(client);
            foreach (var id in ids)
            {
                Assert.True(counts.ContainsKey(id), $"{user}: no count {id} on home");
            }

            foreach (var (id, (link, count)) in counts)
            {
                Assert.True(count == await TotalAsync(client, link), $"{user}: {id} says {count} but {link} lists {await TotalAsync(client, link)}");
            }
        }

        // A manager's by-worker table: each worker's open interviews are the rows of the work list filtered to them.
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var rhi = await FirstOpenRhiAsync(practitioner);
        Assert.NotEmpty(rhi);
        var assign = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}?handler=Assign", [], $"/return-interviews/{rhi}");
        Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        var manager = await App.SignInAsync(BeaconApp.EmailFor(Roles.TeamManager));
        var home = await manager.GetStringAsync("/");
        var workers = WorkerRow().Matches(home).Select(m => (Link: WebUtility.HtmlDecode(m.Groups[1].Value), Open: int.Parse(m.Groups[2].Value))).ToList();
        Assert.NotEmpty(workers);
        foreach (var (link, open) in workers)
        {
            Assert.Equal(open, await TotalAsync(manager, link));
        }

        // Practitioners see no by-worker table; analysts see this quarter against last, and no child counts.
        Assert.DoesNotContain("id=\"by-worker\"", await practitioner.GetStringAsync("/"));
        var analyst = await (await App.SignInAsync(BeaconApp.Analyst)).GetStringAsync("/");
        Assert.Contains("id=\"headlines\"", analyst);
        Assert.DoesNotContain("id=\"work-counts\"", analyst);
    }

    [Fact]
    public async Task A_county_users_counts_exclude_city_children()
    {
        App.SkipIfUnavailable();
        var county = await App.SignInAsync(BeaconApp.CountyManager);
        var city = await App.SignInAsync(BeaconApp.CityManager);
        var provider = await App.SignInAsync(BeaconApp.Practitioner);
        var before = (County: (await CountsAsync(county))["children-open-rhi"].Count, City: (await CountsAsync(city))["children-open-rhi"].Count, Provider: (await CountsAsync(provider))["rhi-to-offer"].Count);

        // A Stoke-on-Trent child (the city's) goes missing and comes back: a new open interview.
        var stoke = Notifications.Valid();
        stoke["district_code"] = "E06000021";
        stoke["responsible_authority"] = "861";
        Assert.Equal(HttpStatusCode.Created, (await (await App.ApiAsync(BeaconApp.PoliceLiaison)).PostAsJsonAsync("/api/v1/notifications", stoke, TestContext.Current.CancellationToken)).StatusCode);

        var after = (County: (await CountsAsync(county))["children-open-rhi"].Count, City: (await CountsAsync(city))["children-open-rhi"].Count, Provider: (await CountsAsync(provider))["rhi-to-offer"].Count);
        Assert.Equal(before.County, after.County);
        Assert.Equal(before.City + 1, after.City);
        Assert.Equal(before.Provider + 1, after.Provider);
        Assert.DoesNotContain(stoke["family_name"]!, await county.GetStringAsync("/children?rhi=open&sort=name"));
        Assert.Contains(stoke["family_name"]!, await city.GetStringAsync($"/children?rhi=open&q={stoke["family_name"]}"));
    }

    private static async Task<Dictionary<string, (string Link, int Count)>> CountsAsync(HttpClient client) =>
        CountLink().Matches(await client.GetStringAsync("/")).ToDictionary(m => m.Groups[1].Value, m => (WebUtility.HtmlDecode(m.Groups[2].Value), int.Parse(m.Groups[3].Value)));

    private static async Task<int> TotalAsync(HttpClient client, string link)
    {
        var response = await client.GetAsync(link);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link}: {(int)response.StatusCode}");
        var match = Total().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, $"{link} shows no total");
        return int.Parse(match.Groups[1].Value);
    }

    private static async Task<string> FirstOpenRhiAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/return-interviews?sort=due");
        var match = RhiLink().Match(page);
        Assert.True(match.Success, page);
        return match.Groups[1].Value;
    }

    [GeneratedRegex("<li id=\"count-([a-z0-9-]+)\"><a class=\"[^\"]*\" href=\"([^\"]+)\" data-count=\"(\\d+)\"")]
    private static partial Regex CountLink();

    [GeneratedRegex("data-total=\"(\\d+)\"")]
    private static partial Regex Total();

    [GeneratedRegex("data-label=\"Worker\"><a class=\"govuk-link\" href=\"([^\"]+)\">[^<]*</a></td>\\s*<td[^>]*>(\\d+)</td>")]
    private static partial Regex WorkerRow();

    [GeneratedRegex("href=\"/return-interviews/([0-9a-f-]{36})\"")]
    private static partial Regex RhiLink();
}

public sealed class SqliteHomeTests(SqliteApp app) : HomeTests<SqliteApp>(app);

public sealed class PostgresHomeTests(PostgresApp app) : HomeTests<PostgresApp>(app);

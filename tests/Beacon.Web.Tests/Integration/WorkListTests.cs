using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Integration;

/// <summary>Lists that work at scale (issue #17 §2), audit search a manager can use (§7) and small things seen (§9).</summary>
public abstract partial class WorkListTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task Lists_sort_on_the_server_page_with_a_total_keep_filters_in_the_url_and_ignore_unknown_sorts()
    {
        App.SkipIfUnavailable();
        var manager = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.ServiceManager));
        var total = int.Parse(Total().Match(await manager.GetStringAsync("/children")).Groups[1].Value);
        Assert.True(total is > 1 and <= 25, $"the demo has {total} children");

        // Sorted on the server both ways; the header says how; a page past the end is empty, with the total.
        var first = References(await manager.GetStringAsync("/children?sort=reference&dir=asc"));
        Assert.Equal(total, first.Count);
        var descending = await manager.GetStringAsync("/children?sort=reference&dir=desc");
        Assert.Equal(Enumerable.Reverse(first), References(descending));
        Assert.Contains("aria-sort=\"descending\"><a class=\"govuk-link beacon-sortable__link\" href=\"/children?sort=reference&amp;dir=asc\">Reference", descending);
        var past = await manager.GetStringAsync("/children?sort=reference&page=2");
        Assert.Empty(References(past));
        Assert.Contains($"Page 2 is past the end: {total} children in all", past);
        Assert.Contains($"data-total=\"{total}\"", past);

        // Unknown sort keys, directions and pages that are not numbers are the defaults, never an error.
        foreach (var url in new[] { "/children?sort=%27;drop&dir=sideways", "/return-interviews?sort=nope", "/referrals?sort=1&page=abc", "/repeat-missing?show=actions&sort=x", "/alerts?sort=y", "/summaries?sort=z" })
        {
            var response = await manager.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }

        // Filters stay in the URL when sorting and paging.
        var family = await App.WithDb(db => db.Children.Where(c => c.Id == App.CountyChildId).Select(c => c.FamilyName).SingleAsync());
        var filtered = await manager.GetStringAsync($"/children?q={Uri.EscapeDataString(family)}&sort=dob");
        Assert.Contains($"href=\"/children?q={Uri.EscapeDataString(family)}&amp;sort=name\"", filtered);
    }

    [Fact]
    public async Task The_children_search_finds_a_reference_in_any_case_and_a_name_anywhere_and_takes_wildcards_literally()
    {
        App.SkipIfUnavailable();
        var county = await App.ApiAsync(BeaconApp.CountyManager);
        async Task<List<Guid>> FindAsync(string q) => [.. (await county.GetFromJsonAsync<JsonElement>($"/api/v1/children?pageSize=200&q={Uri.EscapeDataString(q)}", TestContext.Current.CancellationToken))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

        // The county's child is Countyone Testchild (TEST-COUNTY): by its reference in any case, by a family name's
        // start, and by any part of "given family" (issue #17 §2: each alternative is served by an index).
        foreach (var q in new[] { "test-county", "TEST-COUNTY", "testch", "yone testc", "COUNTYONE" })
        {
            Assert.True((await FindAsync(q)).Contains(App.CountyChildId), $"'{q}' should find the county's child");
        }

        // LIKE's wildcards are the characters themselves: "%" and "_" match no name, not every name.
        Assert.Empty(await FindAsync("%"));
        Assert.Empty(await FindAsync("Countyone_Testchild"));
        Assert.Empty(await FindAsync("\\"));

        // Still only children the reader may see: the city's child is not found by its reference.
        Assert.DoesNotContain(App.CityChildId, await FindAsync("test-city"));
    }

    [Fact]
    public async Task Audit_search_finds_a_child_by_reference_or_name_only_among_children_the_reader_may_see()
    {
        App.SkipIfUnavailable();
        var county = await App.SignInAsync(BeaconApp.CountyManager);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/children/{App.CountyChildId}")).StatusCode);

        var byReference = await county.GetStringAsync("/audit?child=test-county");
        Assert.Contains("Countyone Testchild (TEST-COUNTY)", byReference);
        Assert.Contains(App.CountyChildId.ToString(), byReference);
        var byName = await county.GetStringAsync("/audit?child=Countyone");
        Assert.Contains(App.CountyChildId.ToString(), byName);

        // The city's child is not the county's to search for: nothing about it, not even that it exists.
        var city = await county.GetStringAsync("/audit?child=TEST-CITY");
        Assert.Contains("No child you may see matches", city);
        Assert.DoesNotContain(App.CityChildId.ToString(), city);
        Assert.DoesNotContain("Cityone", city);

        // Several children match a name: choose one. Dates narrow; an empty result says so; a bad date is refused.
        Assert.Contains("id=\"child-choices\"", await county.GetStringAsync("/audit?child=Testchild"));
        Assert.Contains("No entries match your search.", await county.GetStringAsync("/audit?child=TEST-COUNTY&from=1/1/2001&to=31/1/2001"));
        Assert.Contains(App.CountyChildId.ToString(), await county.GetStringAsync($"/audit?child=TEST-COUNTY&from={DateTime.UtcNow.AddDays(-1):d/M/yyyy}"));
        Assert.Contains("Enter the first date as a real date", await county.GetStringAsync("/audit?from=31/2/2026"));
    }

    [Fact]
    public async Task Access_denied_answers_403_and_assign_to_me_is_hidden_when_the_interview_is_already_mine()
    {
        App.SkipIfUnavailable();
        var council = await App.SignInAsync(BeaconApp.CountyWorker);
        var refused = await council.GetAsync("/return-interviews");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var denied = await council.GetAsync(refused.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("You do not have access", await denied.Content.ReadAsStringAsync());

        // The API keeps answering a refusal with 403 problem details, not the page (nor a redirect to it).
        var analystApi = await App.ApiAsync(BeaconApp.Analyst);
        var apiRefused = await analystApi.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, apiRefused.StatusCode);
        Assert.Equal("application/problem+json", apiRefused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":403", await apiRefused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var notification = Notifications.Valid();
        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", notification, TestContext.Current.CancellationToken)).StatusCode);
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var list = await practitioner.GetStringAsync($"/return-interviews?sort=child");
        var rhi = await App.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.ReturnInterviews), r => r.Child!.FamilyName == notification["family_name"]));
        Assert.Contains($"/return-interviews/{rhi.Id}", list);
        var page = $"/return-interviews/{rhi.Id}";
        Assert.Contains("Assign to me", await practitioner.GetStringAsync(page));
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, $"{page}?handler=Assign", [], page)).StatusCode);
        Assert.DoesNotContain("Assign to me", await practitioner.GetStringAsync(page));

        // Sorted by who it is assigned to, the assigned come first and nobody last, on both databases; reversed, nobody first.
        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(), TestContext.Current.CancellationToken)).StatusCode);
        static string FirstAssignee(string html) => System.Net.WebUtility.HtmlDecode(Assignee().Match(html).Groups[1].Value);
        Assert.NotEqual("Nobody yet", FirstAssignee(await practitioner.GetStringAsync("/return-interviews?sort=assigned&dir=asc")));
        Assert.Equal("Nobody yet", FirstAssignee(await practitioner.GetStringAsync("/return-interviews?sort=assigned&dir=desc")));
    }

    [GeneratedRegex("data-label=\"Assigned to\">([^<]+)</td>")]
    private static partial Regex Assignee();

    [Fact]
    public async Task The_children_list_sorted_by_district_a_district_at_a_time_is_the_same_order_as_one_sort()
    {
        // ChildRecords.PageAsync reads a district at a time (ADR 36); every page size, both ways, must give the order a
        // single sort by district name, given name, reference and id gives, with the same total.
        App.SkipIfUnavailable();
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Beacon.Web.Infrastructure.Security.CurrentActor>().UseSystem("test");
        var children = scope.ServiceProvider.GetRequiredService<Beacon.Web.Features.Children.ChildRecords>();
        var ct = TestContext.Current.CancellationToken;
        foreach (var dir in new[] { "asc", "desc" })
        {
            var items = children.ListItems(children.ListRows(null, null));
            var one = dir == "asc" ? items.OrderBy(c => c.District) : items.OrderByDescending(c => c.District);
            var expected = await one.ThenBy(c => c.GivenName).ThenBy(c => c.Reference).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
            Assert.True(expected.Count > 3, "the demo has too few children to page");
            foreach (var size in new[] { 1, 2, 3, 7 })
            {
                var pages = new List<Guid>();
                for (var number = 1; number <= (expected.Count + size - 1) / size; number++)
                {
                    var page = await children.PageAsync(null, null, new Beacon.Web.Infrastructure.Lists.ListRequest(number, "district", dir), size, ct);
                    Assert.Equal(expected.Count, page.Total);
                    pages.AddRange(page.Rows.Select(r => r.Id));
                }

                Assert.Equal(expected, pages);
            }
        }
    }

    private static List<string> References(string html) => [.. Reference().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-total=\"(\\d+)\"")]
    private static partial Regex Total();

    [GeneratedRegex("data-label=\"Reference\">([^<]+)</td>")]
    private static partial Regex Reference();
}

public sealed class SqliteWorkListTests(SqliteApp app) : WorkListTests<SqliteApp>(app);

public sealed class PostgresWorkListTests(PostgresApp app) : WorkListTests<PostgresApp>(app);

using System.Net;
using System.Text.RegularExpressions;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Mace;
using Beacon.Web.Features.Missing;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Lists that work at scale (issue #17 §2) for key-work caseloads, adults and locations of concern and import
/// runs: sorted on the server both ways, paged with a total, filters and sort kept in the URL across each other, and
/// each user sees only rows they may see.</summary>
public abstract partial class ListTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static LocalDate Today => ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());

    private async Task<Guid> ReferAsync(HttpClient client, Guid childId)
    {
        var template = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync());
        var form = template.Indicators.ToDictionary(i => $"Answers[{i.Code}]", i => i.Code == "DRUG_DEBT" ? "Known" : "No");
        form["ReferrerName"] = "Sam Example";
        form["ReferrerAgency"] = "School";
        form["ReceivedOn"] = Today.PlusDays(-10).ToString("d/M/yyyy", null);
        form["Types"] = "CSE";
        var page = $"/children/{childId}/referrals/new";
        var response = await BeaconApp.PostFormAsync(client, page, form, page);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    [Fact]
    public async Task Key_work_cases_sort_both_ways_count_all_open_cases_keep_the_worker_filter_and_name_each_child()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var county = await ReferAsync(practitioner, App.CountyChildId);
        var city = await ReferAsync(practitioner, App.CityChildId);
        var me = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        await App.WithDb(db => db.Referrals.IgnoreQueryFilters().Where(r => r.Id == county).ExecuteUpdateAsync(s => s.SetProperty(r => r.KeyWorkerId, me)));
        var open = await App.WithDb(db => db.Referrals.IgnoreQueryFilters().CountAsync(r => r.Status == Referral.Open && r.Pathway != Beacon.Domain.Exploitation.Pathway.NoFurtherAction));

        var ascending = await practitioner.GetStringAsync("/key-work?worker=any&sort=child&dir=asc");
        Assert.Contains($"data-total=\"{open}\"", ascending);
        var names = Children(ascending);
        Assert.Equal(open, names.Count);
        Assert.Equal(Enumerable.Reverse(names), Children(await practitioner.GetStringAsync("/key-work?worker=any&sort=child&dir=desc")));
        Assert.Contains("aria-sort=\"ascending\"><a class=\"govuk-link beacon-sortable__link\" href=\"/key-work?worker=any&amp;sort=child&amp;dir=desc\">Child", ascending);
        Assert.Contains("<input type=\"hidden\" name=\"sort\" value=\"child\">", ascending); // changing the worker keeps the sort
        Assert.Contains("TEST-COUNTY", ascending); // each row names the child and its reference
        Assert.Contains($"/referrals/{city}/key-work", ascending);

        // Yours by default: only the case allocated to you; not yet allocated: never yours.
        var mine = await practitioner.GetStringAsync("/key-work");
        Assert.Contains($"/referrals/{county}/key-work", mine);
        Assert.DoesNotContain($"/referrals/{city}/key-work", mine);
        var unallocated = await practitioner.GetStringAsync("/key-work?worker=none&sort=sessions");
        Assert.Contains($"/referrals/{city}/key-work", unallocated);
        Assert.DoesNotContain($"/referrals/{county}/key-work", unallocated);
        foreach (var key in new[] { "level", "work", "worker", "received", "last", "sessions", "nonsense" })
        {
            Assert.Equal(open, Children(await practitioner.GetStringAsync($"/key-work?worker=any&sort={key}&dir=desc")).Count);
        }

        // Councils and the police never see the caseloads.
        foreach (var outsider in new[] { BeaconApp.CityWorker, BeaconApp.CountyWorker, BeaconApp.PoliceLiaison })
        {
            var response = await (await App.SignInAsync(outsider)).GetAsync("/key-work?worker=any");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("access-denied", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Adults_of_concern_sort_both_ways_page_with_a_total_and_keep_the_search_across_sort_and_page()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        await App.WithDb(async db =>
        {
            db.AdultsOfConcern.AddRange(Enumerable.Range(1, 55).Select(i => new AdultOfConcern
            {
                Id = Guid.NewGuid(),
                Reference = $"AOC-LIST{i:D3}",
                Name = $"Listed Synthetic {i:D2}",
                Aliases = i % 2 == 0 ? "Even" : null,
                RecordedBy = "test",
                CreatedAt = now,
                UpdatedAt = now,
            }));
            return await db.SaveChangesAsync();
        });
        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        var first = await chair.GetStringAsync("/mace/adults?Search=listed&sort=name&dir=asc");
        Assert.Contains("data-total=\"55\"", first);
        Assert.Contains("Showing 1 to 50 of 55 adults", first);
        var names = Names(first);
        Assert.Equal([.. Enumerable.Range(1, 50).Select(i => $"Listed Synthetic {i:D2}")], names);
        var second = await chair.GetStringAsync("/mace/adults?Search=listed&sort=name&dir=asc&page=2");
        Assert.Equal([.. Enumerable.Range(51, 5).Select(i => $"Listed Synthetic {i:D2}")], Names(second));
        Assert.Equal([.. Enumerable.Range(6, 50).Reverse().Select(i => $"Listed Synthetic {i:D2}")], Names(await chair.GetStringAsync("/mace/adults?Search=listed&sort=name&dir=desc")));

        // The search survives sorting and paging, and the sort survives a new search.
        Assert.Contains("href=\"/mace/adults?Search=listed&amp;sort=name&amp;dir=asc&amp;page=2\"", first);
        Assert.Contains("href=\"/mace/adults?Search=listed&amp;sort=reference\"", first);
        Assert.Contains("<input type=\"hidden\" name=\"sort\" value=\"name\">", first);
        Assert.Equal("Listed Synthetic 02", Names(await chair.GetStringAsync("/mace/adults?Search=even&sort=name"))[0]);
        Assert.Equal("Listed Synthetic 55", Names(await chair.GetStringAsync("/mace/adults?Search=listed&sort=reference&dir=desc"))[0]);
        Assert.Equal(50, Names(await chair.GetStringAsync("/mace/adults?Search=listed&sort=detail&dir=desc")).Count);
        Assert.Equal(50, Names(await chair.GetStringAsync("/mace/adults?Search=listed&sort=links")).Count);
        Assert.Equal(HttpStatusCode.OK, (await chair.GetAsync("/mace/locations?sort=links&dir=asc&page=3")).StatusCode);

        // A page past the end says so (it is empty, as the API's is, so a client paging to the end stops); a direction in
        // capitals is still a direction.
        var past = await chair.GetStringAsync("/mace/adults?Search=listed&sort=name&dir=asc&page=999");
        Assert.Contains("Page 999 is past the end: 55 adults in all", past);
        Assert.Empty(Names(past));
        Assert.Equal("Listed Synthetic 55", Names(await chair.GetStringAsync("/mace/adults?Search=listed&sort=name&dir=DESC"))[0]);

        // Panel-only: a council social worker is refused.
        Assert.Equal(HttpStatusCode.Redirect, (await (await App.SignInAsync(BeaconApp.CityWorker)).GetAsync("/mace/adults?Search=listed")).StatusCode);
    }

    [Fact]
    public async Task Import_runs_list_only_the_uploaders_own_sorted_both_ways_paged_with_the_status_filter_kept()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        var (liaison, second) = await App.WithDb(async db => (
            await db.Users.Where(u => u.Email == BeaconApp.PoliceLiaison).Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == BeaconApp.SecondForceLiaison).Select(u => u.Id).SingleAsync()));
        await App.WithDb(async db =>
        {
            db.ImportRuns.AddRange(Enumerable.Range(1, 53).Select(i => new ImportRun
            {
                Id = Guid.NewGuid(),
                UploadedById = liaison,
                FileName = $"force-one-{i:D2}.csv",
                Status = i <= 52 ? ImportRun.Done : ImportRun.Failed,
                Rows = i,
                Rejected = i % 10 == 0 ? 1 : 0,
                CreatedAt = now.Plus(Duration.FromMinutes(i)),
            }));
            db.ImportRuns.Add(new ImportRun { Id = Guid.NewGuid(), UploadedById = second, FileName = "force-two.csv", Status = ImportRun.Done, CreatedAt = now });
            return await db.SaveChangesAsync();
        });

        var police = await App.SignInAsync(BeaconApp.PoliceLiaison);
        var newest = await police.GetStringAsync("/notifications/imports");
        Assert.Contains("data-total=\"53\"", newest);
        Assert.Equal([.. Enumerable.Range(4, 50).Reverse().Select(i => $"force-one-{i:D2}.csv")], Files(newest));
        Assert.DoesNotContain("force-two.csv", newest);

        var done = await police.GetStringAsync("/notifications/imports?status=done&sort=file&dir=asc");
        Assert.Contains("data-total=\"52\"", done);
        Assert.Equal([.. Enumerable.Range(1, 50).Select(i => $"force-one-{i:D2}.csv")], Files(done));
        Assert.Contains("href=\"/notifications/imports?status=done&amp;sort=file&amp;dir=asc&amp;page=2\"", done);
        Assert.Contains("href=\"/notifications/imports?status=done&amp;sort=file&amp;dir=desc\"", done);
        Assert.Contains("<input type=\"hidden\" name=\"sort\" value=\"file\">", done);
        Assert.Equal(["force-one-51.csv", "force-one-52.csv"], Files(await police.GetStringAsync("/notifications/imports?status=done&sort=file&dir=asc&page=2")));
        Assert.Equal("force-one-52.csv", Files(await police.GetStringAsync("/notifications/imports?status=done&sort=file&dir=desc"))[0]);
        Assert.Equal(["force-one-50.csv", "force-one-40.csv", "force-one-30.csv", "force-one-20.csv", "force-one-10.csv"],
            Files(await police.GetStringAsync("/notifications/imports?status=rejected&sort=rows")));

        // The second force sees its own run and nothing of the first force's.
        var other = await (await App.SignInAsync(BeaconApp.SecondForceLiaison)).GetStringAsync("/notifications/imports?sort=file");
        Assert.Equal(["force-two.csv"], Files(other));
        Assert.Equal(HttpStatusCode.BadRequest, (await police.GetAsync("/notifications/imports?page=0")).StatusCode);
    }

    [Fact]
    public async Task Every_list_filter_form_keeps_the_sort_and_the_view_links_keep_it_too()
    {
        App.SkipIfUnavailable();
        var manager = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.ServiceManager));
        foreach (var url in new[] { "/children?sort=dob&dir=asc", "/return-interviews?sort=dob&dir=asc", "/referrals?sort=dob&dir=asc" })
        {
            var html = await manager.GetStringAsync(url);
            Assert.Contains("<input type=\"hidden\" name=\"sort\" value=\"dob\">", html);
            Assert.Contains("<input type=\"hidden\" name=\"dir\" value=\"asc\">", html);
        }

        Assert.Contains("href=\"/alerts?sort=raised&amp;dir=asc&amp;unread=true\"", await manager.GetStringAsync("/alerts?sort=raised&dir=asc"));
    }

    private static List<string> Children(string html) => [.. ChildCell().Matches(html.Split("id=\"cases\"")[^1]).Select(m => m.Groups[1].Value)];

    private static List<string> Names(string html) => [.. NameCell().Matches(html).Select(m => m.Groups[1].Value)];

    private static List<string> Files(string html) => [.. FileCell().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-label=\"Child\"><a class=\"govuk-link\" href=\"/referrals/[0-9a-f-]+/key-work\">([^<]+)</a>")]
    private static partial Regex ChildCell();

    [GeneratedRegex("data-label=\"Name\"><a class=\"govuk-link\" href=\"/mace/(?:adults|locations)/[0-9a-f-]+\">([^<]+)</a>")]
    private static partial Regex NameCell();

    [GeneratedRegex("data-label=\"File\"><a class=\"govuk-link\" href=\"/notifications/import/[0-9a-f-]+\">([^<]+)</a>")]
    private static partial Regex FileCell();
}

public sealed class SqliteListTests(SqliteApp app) : ListTests<SqliteApp>(app);

public sealed class PostgresListTests(PostgresApp app) : ListTests<PostgresApp>(app);

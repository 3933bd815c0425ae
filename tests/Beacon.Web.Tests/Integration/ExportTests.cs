using System.Net;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>SSDA903 Missing and Annex A exports for Stoke-on-Trent (861), collection year 2022, from hand-made data.</summary>
public abstract class ExportTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private Dictionary<string, string?> Settings => App.CliSettings;

    private async Task SeedAsync()
    {
        await App.WithDb(async db =>
        {
            if (await db.Children.AnyAsync(c => c.Reference == "EXP-P"))
            {
                return 0;
            }

            var stoke = await db.Organisations.Where(o => o.Code == "LA-861").Select(o => o.Id).SingleAsync();
            var now = SystemClock.Instance.GetCurrentInstant();
            Child Make(string name, string? laId, string situation) => new()
            {
                Id = Guid.NewGuid(),
                Reference = $"EXP-{name}",
                GivenName = name,
                FamilyName = "Exportchild",
                DateOfBirth = new LocalDate(2009, 9, 9),
                Gender = "male",
                HostDistrictCode = "E06000021",
                HostAuthorityId = stoke,
                ResponsibleAuthorityId = stoke,
                LivingSituation = situation,
                LocalAuthorityChildId = laId,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var (p, q, r, s) = (Make("P", "S1001", "LA_CARE"), Make("Q", null, "LA_CARE"), Make("R", "S1002", "LA_CARE"), Make("S", "S1003", "HOME"));
            db.Children.AddRange(p, q, r, s);
            var n = 0;
            Episode Ep(Child c, Instant start, Instant? end, string type, Guid? rhi = null) => new()
            {
                Id = Guid.NewGuid(),
                ChildId = c.Id,
                PoliceReference = $"EXP-{++n}",
                GivenName = c.GivenName,
                FamilyName = c.FamilyName,
                DateOfBirth = c.DateOfBirth,
                Gender = c.Gender,
                HostDistrictCode = c.HostDistrictCode,
                LivingSituation = c.LivingSituation,
                ResponsibleAuthorityId = stoke,
                ReportedMissingAt = start,
                ReturnedAt = end,
                MissingOrAbsent = type,
                PoliceRisk = "LOW",
                NotifiedAt = start + Duration.FromHours(1),
                ReturnInterviewId = rhi,
                Source = "import",
                CreatedAt = now,
                UpdatedAt = now,
            };
            var completed = new ReturnInterview
            {
                Id = Guid.NewGuid(),
                ChildId = p.Id,
                Reference = "EXP-RHI",
                Status = RhiStatus.Completed,
                FirstReturnedAt = Instant.FromUtc(2022, 6, 13, 12, 0),
                DueAt = Instant.FromUtc(2022, 6, 16, 12, 0),
                OfferedAt = Instant.FromUtc(2022, 6, 14, 9, 0),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.ReturnInterviews.Add(completed);
            db.Episodes.AddRange(
                Ep(p, Instant.FromUtc(2022, 5, 1, 10, 0), Instant.FromUtc(2022, 5, 2, 10, 0), "M"),
                Ep(p, Instant.FromUtc(2022, 6, 10, 10, 0), Instant.FromUtc(2022, 6, 12, 10, 0), "A"),
                Ep(p, Instant.FromUtc(2022, 6, 11, 10, 0), Instant.FromUtc(2022, 6, 13, 10, 0), "M", completed.Id), // overlaps the one before: rule 574
                Ep(q, Instant.FromUtc(2022, 7, 1, 10, 0), Instant.FromUtc(2022, 7, 1, 20, 0), "M"), // no council id
                Ep(r, Instant.FromUtc(2023, 3, 30, 10, 0), Instant.FromUtc(2023, 4, 2, 10, 0), "M"), // returned after 31 March: MIS_END blank
                Ep(r, Instant.FromUtc(2023, 3, 31, 23, 30), Instant.FromUtc(2023, 4, 1, 10, 0), "M"), // 00:30 on 1 April in London: next year
                Ep(s, Instant.FromUtc(2022, 8, 1, 10, 0), Instant.FromUtc(2022, 8, 2, 10, 0), "M")); // at home: not looked after
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task The_ssda903_missing_table_is_exact_and_every_rule_failure_is_reported_with_the_child()
    {
        App.SkipIfUnavailable();
        await SeedAsync();
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await Beacon.Cli.BeaconCli.RunAsync(["export", "ssda903-missing", "--authority", "861", "--collection-year", "2022"], output, errors, Settings);
        Assert.Equal(3, code);
        var lines = output.ToString().Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("CHILD,DOB,MISSING,MIS_START,MIS_END", lines[0]);
        Assert.Equal(
            ["S1001,09/09/2009,M,01/05/2022,02/05/2022", "S1001,09/09/2009,A,10/06/2022,12/06/2022", "S1001,09/09/2009,M,11/06/2022,13/06/2022", "S1002,09/09/2009,M,30/03/2023,"],
            lines.Skip(1).Where(l => l.StartsWith("S100", StringComparison.Ordinal)).ToList());
        Assert.DoesNotContain("S1003", output.ToString());
        var problems = errors.ToString();
        Assert.Contains("rule 574: child EXP-P (S1001)", problems);
        Assert.Contains("rule CHILD: child EXP-Q", problems);
        Assert.DoesNotContain("EXP-R", problems);
    }

    [Fact]
    public async Task Annex_a_counts_missing_and_absent_in_12_months_and_the_last_missing_episodes_interview()
    {
        App.SkipIfUnavailable();
        await SeedAsync();
        var output = new StringWriter();
        await Beacon.Cli.BeaconCli.RunAsync(["export", "annex-a-missing", "--authority", "861", "--as-of", "2023-03-31"], output, new StringWriter(), Settings);
        var lines = output.ToString().Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("Child Unique ID,", lines[0]);
        Assert.Contains("S1001,2,1,Y,Y", lines);
        Assert.Contains("S1002,1,0,N,N", lines);
    }

    [Fact]
    public async Task A_council_user_records_the_child_id_and_exports_only_their_own_children_from_the_ui()
    {
        App.SkipIfUnavailable();
        await SeedAsync();
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        var response = await BeaconApp.PostFormAsync(city, "/exports?handler=Ssda903", new() { ["CollectionYear"] = "2022" }, "/exports");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("would fail DfE validation", html);
        Assert.Contains("EXP-Q", html);
        var confirmed = await BeaconApp.PostFormAsync(city, "/exports?handler=Ssda903", new() { ["CollectionYear"] = "2022", ["Confirmed"] = "true" }, "/exports");
        Assert.Equal("text/csv", confirmed.Content.Headers.ContentType!.MediaType);
        Assert.Contains("S1001,09/09/2009,M,01/05/2022,02/05/2022", await confirmed.Content.ReadAsStringAsync());

        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        var countyFile = await BeaconApp.PostFormAsync(county, "/exports?handler=Ssda903", new() { ["CollectionYear"] = "2022", ["Confirmed"] = "true" }, "/exports");
        Assert.DoesNotContain("S100", await countyFile.Content.ReadAsStringAsync());

        var q = await App.WithDb(db => db.Children.SingleAsync(c => c.Reference == "EXP-Q"));
        var saved = await BeaconApp.PostFormAsync(city, $"/children/{q.Id}?handler=CouncilId", new() { ["LocalAuthorityChildId"] = "S1004" }, $"/children/{q.Id}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("S1004", (await App.WithDb(db => db.Children.SingleAsync(c => c.Id == q.Id))).LocalAuthorityChildId);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/children/{q.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(city, $"/children/{q.Id}?handler=CouncilId", new() { ["LocalAuthorityChildId"] = string.Empty }, $"/children/{q.Id}")).StatusCode);
        Assert.Null((await App.WithDb(db => db.Children.SingleAsync(c => c.Id == q.Id))).LocalAuthorityChildId); // back as the other tests expect

        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.Redirect, (await practitioner.GetAsync("/exports")).StatusCode); // councils only
    }
}

public sealed class SqliteExportTests(SqliteApp app) : ExportTests<SqliteApp>(app);

public sealed class PostgresExportTests(PostgresApp app) : ExportTests<PostgresApp>(app);

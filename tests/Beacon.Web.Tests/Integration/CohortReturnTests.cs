using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Issue #18 §1: the missing return by cohort and corporate parent. Financial year 2016, in a fixture of its own. H is
/// missing from home (Stafford, 1 May 2016) and from the county's care (Stafford, 20 May), each covered by a completed
/// interview: once in the HOME row, once in the LA_CARE/860 row, and once in the main return. Forty more notifications,
/// random but seeded, in Stafford and Stoke-on-Trent, in every cohort and state, check that the cohort rows always add up.
/// </summary>
public abstract class CohortReturnTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    private const string Stafford = "E07000197";
    private const string Stoke = "E06000021";

    protected TApp App { get; } = app;

    private static Instant Utc(int y, int m, int d, int h = 12) => Instant.FromUtc(y, m, d, h, 0);

    private async Task SeedAsync()
    {
        await App.WithDb(async db =>
        {
            var orgs = await db.Organisations.Where(o => o.DfeLaNumber != null).ToDictionaryAsync(o => o.DfeLaNumber!.Value, o => o.Id);
            var now = SystemClock.Instance.GetCurrentInstant();
            Child NewChild(string name, string district, int responsible) => new()
            {
                Id = Guid.NewGuid(),
                Reference = $"COH-{name}-{Guid.NewGuid():N}"[..20],
                GivenName = name,
                FamilyName = "Cohortchild",
                DateOfBirth = new LocalDate(2003, 5, 1),
                Gender = "female",
                HostDistrictCode = district,
                HostAuthorityId = orgs[district == Stoke ? 861 : 860],
                ResponsibleAuthorityId = orgs[responsible],
                LivingSituation = "HOME",
                CreatedAt = now,
                UpdatedAt = now,
            };
            Episode Ep(Child child, string situation, int responsible, Instant reported, ReturnInterview? rhi) => new()
            {
                Id = Guid.NewGuid(),
                ChildId = child.Id,
                PoliceReference = $"COH-{Guid.NewGuid():N}"[..16],
                GivenName = child.GivenName,
                FamilyName = child.FamilyName,
                DateOfBirth = child.DateOfBirth,
                Gender = child.Gender,
                HostDistrictCode = child.HostDistrictCode,
                LivingSituation = situation,
                ResponsibleAuthorityId = orgs[responsible],
                ReportedMissingAt = reported,
                ReturnedAt = reported + Duration.FromHours(6),
                MissingOrAbsent = "M",
                PoliceRisk = "MEDIUM",
                NotifiedAt = reported + Duration.FromHours(10),
                ReturnInterviewId = rhi?.Id,
                Source = "import",
                CreatedAt = now,
                UpdatedAt = now,
            };
            ReturnInterview Rhi(Child child, Instant reported, RhiStatus status, int offerHours) => new()
            {
                Id = Guid.NewGuid(),
                ChildId = child.Id,
                Reference = $"COH-R{Guid.NewGuid():N}"[..16],
                Status = status,
                FirstReturnedAt = reported + Duration.FromHours(6),
                DueAt = reported + Duration.FromHours(78),
                OfferedAt = status is RhiStatus.AwaitingOffer or RhiStatus.NotOffered ? null : reported + Duration.FromHours(6 + offerHours),
                NotOfferedReason = status == RhiStatus.NotOffered ? "OTHER" : null,
                CreatedAt = now,
                UpdatedAt = now,
            };

            var h = NewChild("H", Stafford, 860);
            var (home, care) = (Rhi(h, Utc(2016, 5, 1), RhiStatus.Completed, 24), Rhi(h, Utc(2016, 5, 20), RhiStatus.Completed, 100));
            db.Children.Add(h);
            db.ReturnInterviews.AddRange(home, care);
            db.Episodes.AddRange(Ep(h, "HOME", 860, Utc(2016, 5, 1), home), Ep(h, "LA_CARE", 860, Utc(2016, 5, 20), care));

            var random = new Random(18);
            var situations = new[] { ("HOME", 860), ("LA_CARE", 860), ("LA_CARE", 861), ("PLACED_BY_OTHER_LA", 330), ("PLACED_BY_OTHER_LA", 893) };
            var states = new[] { RhiStatus.Completed, RhiStatus.Offered, RhiStatus.NotOffered, RhiStatus.AwaitingOffer, RhiStatus.Declined };
            var children = Enumerable.Range(0, 8).Select(i => NewChild($"C{i}", i % 2 == 0 ? Stafford : Stoke, 860)).ToList();
            db.Children.AddRange(children);
            for (var i = 0; i < 40; i++)
            {
                var child = children[random.Next(children.Count)];
                var (situation, responsible) = situations[random.Next(situations.Length)];
                var reported = Utc(2016, 4, 1) + Duration.FromHours(random.Next(24 * 360));
                var rhi = random.Next(6) == 0 ? null : Rhi(child, reported, states[random.Next(states.Length)], random.Next(120));
                if (rhi is not null)
                {
                    db.ReturnInterviews.Add(rhi);
                }

                db.Episodes.Add(Ep(child, situation, responsible, reported, rhi));
            }

            return await db.SaveChangesAsync();
        });
    }

    private async Task<List<JsonElement>> RunAsync(params string[] extra)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(0 == await Beacon.Cli.BeaconCli.RunAsync(["report", "missing-quarterly", "--financial-year", "2016", .. extra], output, error, App.CliSettings), error.ToString());
        return [.. JsonDocument.Parse(output.ToString()).RootElement.EnumerateArray()];
    }

    [Fact]
    public async Task Cohort_rows_add_up_to_the_main_return_and_a_child_from_home_and_care_counts_once_in_each()
    {
        App.SkipIfUnavailable();
        await SeedAsync();
        var main = await RunAsync("--format", "json");
        var cohorts = await RunAsync("--format", "json", "--by", "cohort");
        static int N(JsonElement row, string column) => row.GetProperty(column).GetInt32();
        static string S(JsonElement row, string column) => row.GetProperty(column).ValueKind == JsonValueKind.Null ? string.Empty : row.GetProperty(column).GetRawText().Trim('"');

        Assert.Contains(cohorts, r => S(r, "cohort") == "PLACED_BY_OTHER_LA" && S(r, "corporate_parent") == "893");
        Assert.All(cohorts, r => Assert.Equal(S(r, "cohort") == "HOME", S(r, "corporate_parent") == string.Empty));
        Assert.All(cohorts, r => Assert.True(N(r, "notifications") > 0, "a row without activity"));
        foreach (var row in main)
        {
            var parts = cohorts.Where(c => S(c, "area") == S(row, "area") && S(c, "area_kind") == S(row, "area_kind") && S(c, "quarter") == S(row, "quarter")).ToList();
            foreach (var measure in new[] { "notifications", "rhi_offered", "total_rhi" })
            {
                Assert.True(N(row, measure) == parts.Sum(p => N(p, measure)), $"{S(row, "area")} {S(row, "quarter")} {measure}: {N(row, measure)} in the return, {parts.Sum(p => N(p, measure))} in its cohorts");
            }

            Assert.True(parts.Sum(p => N(p, "individuals_received_rhi")) >= N(row, "individuals_received_rhi"));
        }

        Assert.True(cohorts.Sum(c => N(c, "notifications")) > 42, "every area kind is split");

        // H alone in the HOME/LA_CARE-860 rows of Stafford's first quarter that it shares with no random child? Count H
        // by comparing with the same figures without H: H adds one child to each of its two cohort rows and one to the main row.
        var hId = await App.WithDb(db => db.Children.Where(c => c.GivenName == "H").Select(c => c.Id).SingleAsync());
        await App.WithDb(async db =>
        {
            var ids = await db.Episodes.Where(e => e.ChildId == hId).Select(e => e.ReturnInterviewId).ToListAsync();
            await db.Episodes.Where(e => e.ChildId == hId).ExecuteDeleteAsync();
            return await db.ReturnInterviews.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync();
        });
        var mainWithout = await RunAsync("--format", "json");
        var cohortsWithout = await RunAsync("--format", "json", "--by", "cohort");
        int Individuals(List<JsonElement> rows, string cohort, string parent) => rows.Where(r => S(r, "area") == "Stafford" && S(r, "quarter") == "Q1"
            && (cohort == string.Empty || (S(r, "cohort") == cohort && S(r, "corporate_parent") == parent))).Sum(r => N(r, "individuals_received_rhi"));
        Assert.Equal(1, Individuals(cohorts, "HOME", string.Empty) - Individuals(cohortsWithout, "HOME", string.Empty));
        Assert.Equal(1, Individuals(cohorts, "LA_CARE", "860") - Individuals(cohortsWithout, "LA_CARE", "860"));
        Assert.Equal(1, Individuals(main, string.Empty, string.Empty) - Individuals(mainWithout, string.Empty, string.Empty));

        // The page and the committee pack (a page per corporate parent), for a commissioner.
        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        var page = await analyst.GetStringAsync("/reports/missing/cohorts?year=2016");
        Assert.Contains("By cohort and corporate parent", page);
        Assert.StartsWith("area,area_kind,quarter,cohort", await analyst.GetStringAsync("/reports/missing/cohorts?handler=Csv&year=2016"));
        var pack = await analyst.GetStringAsync("/reports/committee-pack?year=2016");
        Assert.Contains("(861) is the corporate parent", pack);
        Assert.Contains("(893) is the corporate parent", pack);
    }

    [Fact]
    public async Task The_csv_has_the_issue_columns_and_the_page_and_pack_show_the_split()
    {
        App.SkipIfUnavailable();
        var output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "missing-quarterly", "--financial-year", "2016", "--by", "cohort", "--format", "csv"], output, new StringWriter(), App.CliSettings));
        Assert.Equal("area,area_kind,quarter,cohort,corporate_parent,notifications,rhi_offered,individuals_received_rhi,total_rhi", output.ToString().Split('\n')[0].Trim());
        var xlsx = Path.Combine(Directory.CreateTempSubdirectory("beacon-cohort-").FullName, "cohort.xlsx");
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "missing-quarterly", "--financial-year", "2016", "--by", "cohort", "--format", "xlsx", "--out", xlsx], new StringWriter(), new StringWriter(), App.CliSettings));
        Assert.True(new FileInfo(xlsx).Length > 0);
        Assert.Equal(2, await Beacon.Cli.BeaconCli.RunAsync(["report", "missing-quarterly", "--financial-year", "2016", "--by", "colour"], new StringWriter(), new StringWriter(), App.CliSettings));

    }
}

public sealed class SqliteCohortReturnTests(SqliteApp app) : CohortReturnTests<SqliteApp>(app);

public sealed class PostgresCohortReturnTests(PostgresApp app) : CohortReturnTests<PostgresApp>(app);

using System.Net;
using System.Text;
using System.Text.Json;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Hostile input (issue #6 §2): seeded, reproducible malformed notifications through the API and CSV import. Expected:
/// no server error, every rejection explained, nothing written for rejected input (each 201 is exactly one new
/// episode; nothing else adds any), every good row of a mixed file imported, and the audit chain intact.
/// Seed and size: BEACON_HOSTILE_SEED (default 20261122) and BEACON_HOSTILE_CASES.
/// </summary>
public abstract class HostileInputTests<TApp>(TApp app, int defaultCases) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("BEACON_HOSTILE_SEED"), out var s) ? s : 20261122;

    private int Cases => int.TryParse(Environment.GetEnvironmentVariable("BEACON_HOSTILE_CASES"), out var n) ? n : defaultCases;

    [Fact]
    public async Task Malformed_notifications_by_api_and_csv_cause_no_server_error_and_no_partial_write()
    {
        App.SkipIfUnavailable();
        var generator = new HostileInput(Seed);
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var (episodesBefore, childrenBefore) = await App.WithDb(async db => (await db.Episodes.IgnoreQueryFilters().CountAsync(), await db.Children.IgnoreQueryFilters().CountAsync()));

        // 80% of the cases as JSON bodies.
        var jsonCases = Cases * 4 / 5;
        var statuses = new Dictionary<HttpStatusCode, int>();
        var created = 0;
        for (var i = 0; i < jsonCases; i++)
        {
            var body = generator.JsonBody(Notifications.Valid());
            var response = await police.PostAsync("/api/v1/notifications", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"case {i} (seed {Seed}) gave {(int)response.StatusCode}: {Shorten(body)}");
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Conflict });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created++;
            }
            else if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
                Assert.True(problem.TryGetProperty("title", out _) && (problem.TryGetProperty("errors", out _) || problem.TryGetProperty("detail", out _)), $"case {i}: a 400 without an explanation");
            }
        }

        var (episodesAfterJson, childrenAfterJson) = await App.WithDb(async db => (await db.Episodes.IgnoreQueryFilters().CountAsync(), await db.Children.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(episodesBefore + created, episodesAfterJson);
        Assert.True(childrenAfterJson - childrenBefore <= created, "a rejected notification created a child");

        // The rest as rows of mixed CSV files, 50 rows each.
        var folder = Directory.CreateTempSubdirectory("beacon-hostile-").FullName;
        var settings = App.CliSettings;
        var rowsDone = 0;
        for (var f = 0; rowsDone < Cases - jsonCases; f++)
        {
            var (bytes, validReferences, brokenHeader) = generator.CsvFile(() => Notifications.Valid(), 50);
            rowsDone += 50;
            var file = Path.Combine(folder, $"hostile-{f}.csv");
            await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
            var before = await App.WithDb(db => db.Episodes.IgnoreQueryFilters().CountAsync());
            var output = new StringWriter();
            var errors = new StringWriter();
            var code = await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file], output, errors, settings);
            Assert.True(brokenHeader ? code == 1 : code is 0 or 3, $"file {f} (seed {Seed}): exit {code}: {errors}"); // 1: the whole file refused, with why
            var after = await App.WithDb(db => db.Episodes.IgnoreQueryFilters().CountAsync());
            if (brokenHeader)
            {
                Assert.Equal(before, after);
                Assert.Contains("The header row must name all of", errors.ToString() + output.ToString());
                continue;
            }

            var report = output.ToString();
            var imported = await App.WithDb(db => db.Episodes.IgnoreQueryFilters().Where(e => validReferences.Contains(e.PoliceReference)).CountAsync());
            Assert.True(imported == validReferences.Count, $"file {f} (seed {Seed}): {validReferences.Count - imported} good rows missing. {report}");
            // Every row read is accounted for: new, updated, already received or rejected (with its reason in the
            // rejected-rows file); the database grew by exactly the new ones.
            int Count(string label) => int.Parse(System.Text.RegularExpressions.Regex.Match(report, $@"([\d,]+) {label}").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Count("rows in"), Count("new") + Count("updated") + Count("already received") + Count("rejected"));
            Assert.Equal(before + Count("new"), after);
            if (Count("rejected") > 0)
            {
                Assert.EndsWith("rejection_reasons", (await File.ReadAllLinesAsync(Path.Combine(folder, $"hostile-{f}.rejected.csv"), TestContext.Current.CancellationToken))[0]);
            }
        }

        var verify = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], verify, new StringWriter(), settings));
        Assert.Contains("Audit log intact", verify.ToString());
        TestContext.Current.SendDiagnosticMessage($"{jsonCases} JSON cases ({string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"))}) and {rowsDone} CSV rows, seed {Seed}.");
    }

    [Fact]
    public async Task Malformed_referral_files_import_their_good_rows_and_explain_every_rejection()
    {
        App.SkipIfUnavailable();
        var generator = new HostileInput(Seed + 1);
        var folder = Directory.CreateTempSubdirectory("beacon-hostile-referrals-").FullName;
        var settings = App.CliSettings;
        var number = 0;
        Dictionary<string, string?> Valid() => new()
        {
            ["referral_reference"] = $"H-{Seed}-{++number}",
            ["police_person_id"] = $"HP-{number % 97}",
            ["given_name"] = "Hostile",
            ["family_name"] = "Synthetic",
            ["date_of_birth"] = "2010-03-04",
            ["gender"] = "female",
            ["ethnicity"] = "WBRI",
            ["district_code"] = "E07000197",
            ["responsible_authority"] = "860",
            ["received_at"] = "2021-05-06T10:00:00+01:00",
            ["referrer_agency"] = "School",
            ["risk_level"] = "MEDIUM",
            ["exploitation_types"] = "CSE;CCE",
            ["pathway"] = "MACE",
            ["work_type"] = "CONSULTATION",
        };

        var rows = 0;
        for (var f = 0; rows < Math.Max(200, Cases / 10); f++)
        {
            var (bytes, valid, brokenHeader) = generator.CsvFile(Valid, 50, Beacon.Web.Features.Exploitation.ReferralImport.Columns, "referral_reference", "referrer_agency");
            rows += 50;
            var file = Path.Combine(folder, $"referrals-{f}.csv");
            await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
            var before = await App.WithDb(db => db.Referrals.IgnoreQueryFilters().CountAsync());
            var output = new StringWriter();
            var errors = new StringWriter();
            var code = await Beacon.Cli.BeaconCli.RunAsync(["import", "exploitation-referrals", file], output, errors, settings);
            Assert.True(brokenHeader ? code == 1 : code is 0 or 3, $"referral file {f} (seed {Seed + 1}): exit {code}: {errors}");
            var after = await App.WithDb(db => db.Referrals.IgnoreQueryFilters().CountAsync());
            if (brokenHeader)
            {
                Assert.Equal(before, after);
                continue;
            }

            var report = output.ToString();
            var imported = await App.WithDb(db => db.Referrals.IgnoreQueryFilters().CountAsync(r => valid.Contains(r.LegacyReference!)));
            Assert.True(imported == valid.Count, $"referral file {f} (seed {Seed + 1}): {valid.Count - imported} good rows missing. {report}");
            int Count(string label) => int.Parse(System.Text.RegularExpressions.Regex.Match(report, $@"([\d,]+) {label}").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Count("rows in"), Count("new") + Count("updated") + Count("already received") + Count("rejected"));
            Assert.Equal(before + Count("new"), after);
        }

        var verify = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], verify, new StringWriter(), settings));
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;
}

public sealed class SqliteHostileInputTests(SqliteApp app) : HostileInputTests<SqliteApp>(app, 10_000);

public sealed class PostgresHostileInputTests(PostgresApp app) : HostileInputTests<PostgresApp>(app, 2_500);

using System.Data.Common;
using System.Diagnostics;
using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Reports;

/// <summary>The four headline figures of one district in one quarter.</summary>
public sealed record HeadlineFigures(string DistrictCode, int Quarter, int Notifications, int RhiOffered, int IndividualsReceivedRhi, int TotalRhi);

/// <summary>What <c>beacon report missing-quarterly --benchmark</c> measured.</summary>
public sealed record BenchmarkResult(int Episodes, IReadOnlyList<double> ReportMilliseconds, IReadOnlyList<double> SqlMilliseconds, IReadOnlyList<string> Disagreements)
{
    public static double Median(IReadOnlyList<double> values) => values.Order().ElementAt(values.Count / 2);
}

/// <summary>
/// Issue #4's report benchmark: the quarterly return as Beacon builds it (<see cref="MissingReturn"/>) against the
/// headline aggregate written as one bare SQL query on the same database, both timed in one run. The bare query is also
/// an independent statement of the definitions, so the two are compared district by district and quarter by quarter.
/// </summary>
public sealed class MissingReturnBenchmark(BeaconDbContext db, MissingReturn report)
{
    /// <summary>notifications, rhi_offered, individuals_received_rhi and total_rhi per district and quarter, in one query.
    /// Quarter boundaries are the London-calendar quarters as instants, passed as parameters.</summary>
    private const string Sql = """
        SELECT e.host_district_code,
               CASE WHEN e.notified_at < @b1 THEN 1 WHEN e.notified_at < @b2 THEN 2 WHEN e.notified_at < @b3 THEN 3 ELSE 4 END AS quarter,
               COUNT(*),
               SUM(CASE WHEN r.offered_at IS NOT NULL THEN 1 ELSE 0 END),
               COUNT(DISTINCT CASE WHEN r.status = @completed THEN e.child_id END),
               SUM(CASE WHEN r.status = @completed THEN 1 ELSE 0 END)
        FROM episodes e LEFT JOIN return_interviews r ON r.id = e.return_interview_id
        WHERE e.notified_at >= @b0 AND e.notified_at < @b4
        GROUP BY 1, 2
        """;

    public async Task<IReadOnlyList<HeadlineFigures>> BareSqlAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var quarters = MissingReturn.PeriodsOf(financialYear, "quarterly");
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            var bounds = quarters.Select(q => q.StartInstant).Append(quarters[^1].EndInstant).ToList();
            for (var i = 0; i < bounds.Count; i++)
            {
                MissingReturn.AddParameter(command, "@b" + i, bounds[i].ToDateTimeUtc());
            }

            MissingReturn.AddParameter(command, "@completed", (int)RhiStatus.Completed);
            var rows = new List<HeadlineFigures>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new HeadlineFigures(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5)));
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>District rows of the return that differ from the bare query (empty when they agree).</summary>
    public async Task<IReadOnlyList<string>> CompareAsync(int financialYear, IReadOnlyList<ReturnRow> rows, CancellationToken cancellationToken = default)
    {
        var names = await db.Areas.AsNoTracking().ToDictionaryAsync(a => a.GssCode, a => a.Name, cancellationToken);
        var sql = (await BareSqlAsync(financialYear, cancellationToken)).ToDictionary(f => (names[f.DistrictCode], $"Q{f.Quarter}"));
        var problems = new List<string>();
        foreach (var row in rows.Where(r => r.AreaKind == "district"))
        {
            var expected = sql.GetValueOrDefault((row.Area, row.Period));
            var want = (expected?.Notifications ?? 0, expected?.RhiOffered ?? 0, expected?.IndividualsReceivedRhi ?? 0, expected?.TotalRhi ?? 0);
            var got = (row.Notifications, row.RhiOffered, row.IndividualsReceivedRhi, row.TotalRhi);
            if (want != got)
            {
                problems.Add($"{row.Area} {row.Period}: report {got}, SQL {want}");
            }
        }

        return problems;
    }

    /// <summary>Builds the return and runs the bare query <paramref name="runs"/> times each (after one warm-up of each).</summary>
    public async Task<BenchmarkResult> RunAsync(int financialYear, int runs, CancellationToken cancellationToken = default)
    {
        var warm = await report.BuildAsync(financialYear, "quarterly", cancellationToken);
        var disagreements = await CompareAsync(financialYear, warm, cancellationToken);
        var (reportTimes, sqlTimes) = (new List<double>(), new List<double>());
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await report.BuildAsync(financialYear, "quarterly", cancellationToken);
            reportTimes.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await BareSqlAsync(financialYear, cancellationToken);
            sqlTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        var episodes = await db.Episodes.IgnoreQueryFilters().CountAsync(cancellationToken);
        return new BenchmarkResult(episodes, reportTimes, sqlTimes, disagreements);
    }
}

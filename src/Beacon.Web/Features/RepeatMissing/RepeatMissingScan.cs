using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>
/// The scheduled repeat-missing check (issue #4 §1: "evaluate on every new notification, and on a schedule"): every
/// hour, every child with at least the lowest threshold of episodes in all is evaluated again over the whole history
/// (issue #22: not only the last 90 days), so a crossing is raised even when the per-notification check could not see
/// it — episodes merged from a duplicate child record, or thresholds changed in configuration — however old it is.
/// Raising stays once per crossing. 500 children per query, their episodes only (three columns).
/// </summary>
public sealed class RepeatMissingScan(BeaconDbContext db, RepeatMissingEvaluator evaluator, IOptions<RepeatMissingOptions> options) : IRecurringJob
{
    public string Name => "repeat-missing-scan";

    public Duration Interval => Duration.FromHours(1);

    public async Task<string> RunAsync(Instant now, CancellationToken cancellationToken)
    {
        var lowest = options.Value.Thresholds.Min();
        var children = await db.Episodes.IgnoreQueryFilters().AsNoTracking()
            .GroupBy(e => e.ChildId).Where(g => g.Count() >= lowest).Select(g => g.Key)
            .ToListAsync(cancellationToken);
        var raised = 0;
        foreach (var chunk in children.Chunk(500))
        {
            raised += await evaluator.EvaluateChildrenAsync(chunk, [], now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return $"{children.Count} children checked, {raised} meetings raised";
    }
}

using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>
/// The scheduled repeat-missing check (issue #4 §1: "evaluate on every new notification, and on a schedule"): every
/// hour, children with at least the lowest threshold of episodes in the window are evaluated again, so a crossing is
/// raised even when the per-notification check could not see it — episodes reported out of order or merged from a
/// duplicate child record, or thresholds changed in configuration. Raising stays once per crossing.
/// </summary>
public sealed class RepeatMissingScan(BeaconDbContext db, RepeatMissingEvaluator evaluator, IOptions<RepeatMissingOptions> options) : IRecurringJob
{
    public string Name => "repeat-missing-scan";

    public Duration Interval => Duration.FromHours(1);

    public async Task<string> RunAsync(Instant now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var since = now - Duration.FromDays(settings.WindowDays + 1);
        var lowest = settings.Thresholds.Min();
        var children = await db.Episodes.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.ReportedMissingAt >= since)
            .GroupBy(e => e.ChildId).Where(g => g.Count() >= lowest).Select(g => g.Key)
            .ToListAsync(cancellationToken);
        var raised = 0;
        foreach (var chunk in children.Chunk(500))
        {
            var episodes = await db.Episodes.IgnoreQueryFilters().AsNoTracking()
                .Where(e => chunk.Contains(e.ChildId) && e.ReportedMissingAt >= since)
                .ToListAsync(cancellationToken);
            raised += await evaluator.EvaluateAsync(episodes, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return $"{children.Count} children checked, {raised} meetings raised";
    }
}

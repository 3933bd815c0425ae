using Beacon.Domain.Missing;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>
/// Checks the repeat-missing thresholds whenever episodes are recorded (called by <see cref="NotificationIntake"/> in
/// the same transaction) and raises an intervention meeting once per crossing (<see cref="Beacon.Domain.Missing.RepeatMissing"/>).
/// A crossing already raised — the same child and level within the window — is not raised again, so re-importing a
/// file or receiving episodes out of order does not duplicate meetings.
/// </summary>
public sealed class RepeatMissingEvaluator(BeaconDbContext db, IOptions<RepeatMissingOptions> options)
{
    public async Task<int> EvaluateAsync(IReadOnlyCollection<Episode> newEpisodes, Instant now, CancellationToken cancellationToken)
    {
        if (newEpisodes.Count == 0)
        {
            return 0;
        }

        var settings = options.Value;
        var policy = new RepeatMissingPolicy(settings.WindowDays, settings.Thresholds.Order().ToList());
        var childIds = newEpisodes.Select(e => e.ChildId).Distinct().ToList();
        var since = newEpisodes.Min(e => e.ReportedMissingAt) - Duration.FromDays(settings.WindowDays + 1);
        var stored = await db.Episodes.IgnoreQueryFilters().AsNoTracking()
            .Where(e => EF.Parameter(childIds).Contains(e.ChildId) && e.ReportedMissingAt >= since)
            .Select(e => new { e.Id, e.ChildId, e.ReportedMissingAt })
            .ToListAsync(cancellationToken);
        var existing = await db.InterventionMeetings.IgnoreQueryFilters().AsNoTracking()
            .Where(m => EF.Parameter(childIds).Contains(m.ChildId))
            .Select(m => new { m.ChildId, m.Level, m.CrossedOn })
            .ToListAsync(cancellationToken);
        var raised = existing.GroupBy(m => m.ChildId).ToDictionary(g => g.Key, g => g.Select(m => (m.Level, m.CrossedOn)).ToList());
        var storedByChild = stored.ToLookup(e => e.ChildId, e => (e.Id, e.ReportedMissingAt));
        var newByChild = newEpisodes.ToLookup(e => e.ChildId, e => (e.Id, e.ReportedMissingAt));
        var newIds = newEpisodes.Select(e => e.Id).ToHashSet();
        var count = 0;

        foreach (var childId in childIds)
        {
            var episodes = storedByChild[childId].Concat(newByChild[childId])
                .DistinctBy(e => e.Id)
                .OrderBy(e => e.ReportedMissingAt)
                .ToList();
            var dates = episodes.Select(e => ChildAge.DateOf(e.ReportedMissingAt)).ToList();
            var counts = Beacon.Domain.Missing.RepeatMissing.CountsInWindow(dates, policy.WindowDays);
            for (var i = 0; i < episodes.Count; i++)
            {
                if (!newIds.Contains(episodes[i].Id))
                {
                    continue;
                }

                var before = i > 0 ? counts[i - 1] : 0;
                foreach (var level in policy.Thresholds.Where(t => counts[i] >= t && before < t))
                {
                    var crossedOn = dates[i];
                    if (raised.TryGetValue(childId, out var earlier) && earlier.Any(r => r.Level == level && Math.Abs(Period.Between(r.CrossedOn, crossedOn, PeriodUnits.Days).Days) <= policy.WindowDays))
                    {
                        continue;
                    }

                    db.AddNew(new InterventionMeeting
                    {
                        Id = Guid.NewGuid(),
                        ChildId = childId,
                        Level = level,
                        CrossedOn = crossedOn,
                        TriggerEpisodeId = episodes[i].Id,
                        DueOn = crossedOn.PlusDays(settings.MeetingDueDays),
                        Status = "needed",
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
                    if (!raised.TryGetValue(childId, out var list))
                    {
                        raised[childId] = list = [];
                    }

                    list.Add((level, crossedOn));
                    count++;
                }
            }
        }

        return count;
    }
}

using Beacon.Domain.Missing;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>
/// Checks the repeat-missing thresholds whenever episodes are recorded (called by <see cref="NotificationIntake"/> in
/// the same transaction) and by the hourly scan, and raises an intervention meeting for each crossing no meeting answers
/// for yet (<see cref="Beacon.Domain.Missing.RepeatMissing.UnraisedCrossings"/>). Each child's whole episode history is
/// read, so a crossing made by a late or out-of-order episode — at a stored, later episode, however old — is raised
/// too, dated at its crossing (due and counted from then) and raised today; re-importing a file raises nothing new.
/// Two grouped queries per batch, never one per row.
/// </summary>
public sealed class RepeatMissingEvaluator(BeaconDbContext db, IOptions<RepeatMissingOptions> options)
{
    /// <summary>Checks the children of <paramref name="newEpisodes"/> (added in this unit of work, not yet saved).</summary>
    public Task<int> EvaluateAsync(IReadOnlyCollection<Episode> newEpisodes, Instant now, CancellationToken cancellationToken) =>
        EvaluateChildrenAsync([.. newEpisodes.Select(e => e.ChildId).Distinct()], newEpisodes, now, cancellationToken);

    /// <summary>Checks each child's whole history: the stored episodes and <paramref name="unsaved"/>; returns the
    /// number of meetings raised (added to the unit of work).</summary>
    public async Task<int> EvaluateChildrenAsync(IReadOnlyCollection<Guid> childIds, IReadOnlyCollection<Episode> unsaved, Instant now, CancellationToken cancellationToken)
    {
        if (childIds.Count == 0)
        {
            return 0;
        }

        var settings = options.Value;
        var policy = new RepeatMissingPolicy(settings.WindowDays, settings.Thresholds.Distinct().Order().ToList());
        var ids = childIds.ToList();
        var stored = await db.Episodes.IgnoreQueryFilters().AsNoTracking()
            .Where(e => EF.Parameter(ids).Contains(e.ChildId))
            .Select(e => new { e.Id, e.ChildId, e.ReportedMissingAt })
            .ToListAsync(cancellationToken);
        var existing = await db.InterventionMeetings.IgnoreQueryFilters().AsNoTracking()
            .Where(m => EF.Parameter(ids).Contains(m.ChildId))
            .Select(m => new { m.Id, m.ChildId, m.Level, m.CrossedOn, m.Status })
            .ToListAsync(cancellationToken);
        var meetingsOf = existing.ToLookup(m => m.ChildId);
        var episodesOf = stored.Select(e => (e.Id, e.ChildId, e.ReportedMissingAt))
            .Concat(unsaved.Select(e => (e.Id, e.ChildId, e.ReportedMissingAt)))
            .DistinctBy(e => e.Id)
            .ToLookup(e => e.ChildId);
        var today = ChildAge.DateOf(now);
        var count = 0;
        foreach (var childId in ids)
        {
            // In time order (the id breaks ties), so episodes on one day cross in the same order every time.
            var history = episodesOf[childId].OrderBy(e => e.ReportedMissingAt).ThenBy(e => e.Id)
                .Select(e => (e.Id, ChildAge.DateOf(e.ReportedMissingAt)));
            var raised = meetingsOf[childId].Select(m => (m.Level, m.CrossedOn)).ToList();
            var meetings = meetingsOf[childId].ToList();
            foreach (var (index, earlier) in Beacon.Domain.Missing.RepeatMissing.EarlierCrossings(history, raised, policy))
            {
                // A late episode dates a meeting still to be held earlier: it is due, overdue and counted from then.
                raised[index] = (earlier.Level, earlier.CrossedOn);
                if (meetings[index].Status == "needed" && await db.InterventionMeetings.IgnoreQueryFilters().SingleAsync(m => m.Id == meetings[index].Id, cancellationToken) is { } meeting)
                {
                    (meeting.CrossedOn, meeting.TriggerEpisodeId, meeting.DueOn, meeting.UpdatedAt) = (earlier.CrossedOn, earlier.Episode, earlier.CrossedOn.PlusDays(settings.MeetingDueDays), now);
                }
            }

            foreach (var crossing in Beacon.Domain.Missing.RepeatMissing.UnraisedCrossings(history, raised, policy))
            {
                db.AddNew(new InterventionMeeting
                {
                    Id = Guid.NewGuid(),
                    ChildId = childId,
                    Level = crossing.Level,
                    CrossedOn = crossing.CrossedOn,
                    RaisedOn = today,
                    TriggerEpisodeId = crossing.Episode,
                    DueOn = crossing.CrossedOn.PlusDays(settings.MeetingDueDays),
                    Status = "needed",
                    CreatedAt = now,
                    UpdatedAt = now,
                });
                count++;
            }
        }

        return count;
    }
}

using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Missing;

/// <summary>Reading one notification (episode) through the API, audited like opening any child record (issue #16 §8):
/// allowed as <c>child/episode</c>; an episode that exists but is not visible (or, to a police force, was notified by another force) as denied, answered like a missing one.</summary>
public static class NotificationReads
{
    public static async Task<NotificationsApi.EpisodeDto?> OpenAsync(BeaconDbContext db, AuditLog audit, Guid id, System.Linq.Expressions.Expression<Func<Episode, bool>> scope, CancellationToken ct)
    {
        var episode = await db.Episodes.AsNoTracking().Where(e => e.Id == id).Where(scope)
            .Select(e => new NotificationsApi.EpisodeDto(e.Id, e.ChildId, e.PoliceReference, e.ReportedMissingAt, e.ReturnedAt, e.MissingOrAbsent, e.PoliceRisk, e.NotifiedAt, e.HostDistrictCode, e.LivingSituation, e.ReturnInterviewId))
            .SingleOrDefaultAsync(ct);
        if (episode is null)
        {
            // The existence check is system code (ADR 4): it only decides between "denied" and "not-found" in the log.
            var exists = await db.Episodes.IgnoreQueryFilters().AnyAsync(e => e.Id == id, ct);
            await audit.RecordAsync("view", nameof(Episode), id.ToString(), exists ? "denied" : "not-found", "via: api", ct);
            return null;
        }

        await audit.RecordAsync("view", nameof(Episode), $"{episode.ChildId}/{id}", details: "via: api", cancellationToken: ct);
        return episode;
    }
}

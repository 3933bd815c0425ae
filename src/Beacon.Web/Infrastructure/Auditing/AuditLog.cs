using Beacon.Domain.Audit;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Infrastructure.Auditing;

/// <summary>Writes audit entries that are not part of a data change (views, searches, exports, denied attempts),
/// and verifies the chain.</summary>
public sealed class AuditLog(BeaconDbContext db, IClock clock)
{
    public async Task RecordAsync(string action, string recordType, string? recordId, string outcome = "allowed", string? details = null, CancellationToken cancellationToken = default)
    {
        // Anything the caller left unsaved goes through the normal, audited save first: it must never ride along
        // with this entry unaudited, nor be thrown away.
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var pending = new[] { new PendingAudit(clock.GetCurrentInstant(), action, recordType, recordId, outcome, details) };
        await AuditAppender.SaveWithAuditAsync(db, pending, () => db.SaveChangesWithoutAuditAsync(cancellationToken), cancellationToken);
        foreach (var entry in db.ChangeTracker.Entries<AuditEntry>().ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>Reads the whole chain in order, a page at a time, and checks it (used by <c>beacon audit verify</c>).</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        const int pageSize = 5000;
        var verifier = new AuditChainVerifier();
        long after = 0;
        while (true)
        {
            var page = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(pageSize).ToListAsync(cancellationToken);
            if (page.Any(entry => !verifier.Check(AuditAppender.ToRecord(entry))) || page.Count < pageSize)
            {
                return verifier.Result;
            }

            after = page[^1].Sequence;
        }
    }
}

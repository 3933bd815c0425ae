using Beacon.Domain.Audit;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Infrastructure.Auditing;

/// <summary>Writes audit entries that are not part of a data change (views, searches, exports, denied attempts),
/// and verifies the chain. Outside a transaction the entries go through the process's group commit
/// (<see cref="AuditGroupCommit"/>, docs/decisions/0030); inside one they join it, as a change's entries do.</summary>
public sealed class AuditLog(BeaconDbContext db, IClock clock, AuditGroupCommit groupCommit, Microsoft.Extensions.Options.IOptions<AuditOptions> options)
{
    public Task RecordAsync(string action, string recordType, string? recordId, string outcome = "allowed", string? details = null, CancellationToken cancellationToken = default) =>
        RecordAllAsync(action, recordType, [recordId], outcome, details, cancellationToken);

    /// <summary>The outcome to record for a record asked for by id and not given (ADR 4): <c>denied</c> when it exists
    /// but the user may not see it, <c>not-found</c> otherwise. The existence check is system code (issue #16 §8:
    /// every refusal is audited as one).</summary>
    public async Task<string> MissingOutcomeAsync<T>(Guid id, CancellationToken cancellationToken = default)
        where T : class =>
        await db.Set<T>().IgnoreQueryFilters().AnyAsync(e => EF.Property<Guid>(e, "Id") == id, cancellationToken) ? "denied" : "not-found";

    /// <summary>One entry for a list or search (issue #16 §8): its filter (never free text, which may be a name) and
    /// the ids of every record it showed, in its details — one entry per request, not per row, so a list costs one
    /// append to the chain (ADR 7).</summary>
    public Task RecordListAsync(string recordType, string filter, IEnumerable<string> shown, CancellationToken cancellationToken = default)
    {
        var ids = shown.ToList();
        return RecordAsync("list", recordType, null, details: $"{filter}; shown: {ids.Count}; ids: {string.Join(",", ids)}", cancellationToken: cancellationToken);
    }

    /// <summary>One entry per record (e.g. every child shown on a page), written in one transaction.</summary>
    public async Task RecordAllAsync(string action, string recordType, IReadOnlyCollection<string?> recordIds, string outcome = "allowed", string? details = null, CancellationToken cancellationToken = default)
    {
        if (recordIds.Count == 0)
        {
            return;
        }

        // Anything the caller left unsaved goes through the normal, audited save first: it must never ride along
        // with this entry unaudited, nor be thrown away.
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var now = clock.GetCurrentInstant();
        var pending = recordIds.Select(id => new PendingAudit(now, action, recordType, id, outcome, details)).ToList();
        if (db.Database.CurrentTransaction is null)
        {
            // Reading the options checks them: outside the benchmark environment the switch throws, never skips.
            if (options.Value.SkipReadsForBenchmark)
            {
                return;
            }

            using var timing = Telemetry.AuditTiming.Start();
            await groupCommit.AppendAsync(AuditActor.Of(db.Actor), pending, cancellationToken);
            return;
        }

        // These entries are saved by EF here and now, never kept aside for a bulk import's next save (ADR 10).
        var bulk = db.InsertInBulk;
        db.InsertInBulk = false;
        try
        {
            await AuditAppender.SaveWithAuditAsync(db, pending, () => db.SaveChangesWithoutAuditAsync(cancellationToken), cancellationToken);
        }
        finally
        {
            db.InsertInBulk = bulk;
        }

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

using Beacon.Domain.Audit;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using NodaTime;

namespace Beacon.Web.Infrastructure.Auditing;

/// <summary>An audit entry waiting for its place in the chain.</summary>
public sealed record PendingAudit(Instant OccurredAt, string Action, string RecordType, string? RecordId, string Outcome, string? Details);

/// <summary>Who an entry is about to be recorded for, taken from the request when the entry is made (the writer of a
/// batch of reads has no request of its own).</summary>
public sealed record AuditActor(Guid? UserId, string UserName, string? OrganisationCode, string? IpAddress)
{
    public static AuditActor Of(CurrentActor actor) => new(actor.UserId, actor.UserName, actor.OrganisationCode, actor.IpAddress);
}

/// <summary>The chain's newest entry: its sequence (0 for an empty chain) and hash.</summary>
public sealed class AuditTail(long sequence, string hash)
{
    public long Sequence { get; set; } = sequence;

    public string Hash { get; set; } = hash;
}

/// <summary>
/// Appends entries to the hash chain. Appends are serialised so each entry links to the one before: SQLite's
/// transactions take the write lock at BEGIN (IMMEDIATE), and on PostgreSQL a transaction-scoped advisory lock is
/// taken — after the business rows are written, so the lock covers only reading the tail, adding the entries and the
/// commit (under load, holding it through the business writes made every audited change in Beacon wait in one queue).
/// The business change and its audit entries commit in one transaction, so neither exists without the other. Reads
/// outside a transaction are linked by <see cref="AuditGroupCommit"/> in batches, under the same lock.
/// </summary>
public static class AuditAppender
{
    /// <summary>The PostgreSQL advisory lock that serialises appends to the chain ("BEACON" + 1).</summary>
    public const long PostgresAuditLockKey = 0x42_45_41_43_4F_4E_01;

    public static async Task<int> SaveWithAuditAsync(BeaconDbContext db, IReadOnlyList<PendingAudit> pending, Func<Task<int>> save, CancellationToken cancellationToken)
    {
        using var timing = Telemetry.AuditTiming.Start();
        if (db.Database.CurrentTransaction is not null)
        {
            var saved = await save();
            await AddEntriesAsync(db, pending, cancellationToken);
            return saved + await save();
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var written = await save();
            await AddEntriesAsync(db, pending, cancellationToken);
            written += await save(); // the entries, by the same path (bulk for imports)
            await transaction.CommitAsync(cancellationToken);
            return written;
        });
    }

    private static async Task AddEntriesAsync(BeaconDbContext db, IReadOnlyList<PendingAudit> pending, CancellationToken cancellationToken)
    {
        var tail = await LockTailAsync(db, cancellationToken);

        // A retried save (PostgreSQL execution strategy) numbers its entries again from the tail.
        foreach (var stale in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
        {
            stale.State = EntityState.Detached;
        }

        db.DiscardNew<AuditEntry>();
        foreach (var entry in Link(tail, AuditActor.Of(db.Actor), pending))
        {
            db.AddNew(entry);
        }
    }

    /// <summary>Takes the chain's lock (PostgreSQL: the transaction's advisory lock; SQLite: the write lock taken at
    /// BEGIN IMMEDIATE) and reads the chain's tail — the newest entry's sequence and hash, or 0 and the genesis hash.
    /// Call inside a transaction: the lock is held until it commits or rolls back.</summary>
    internal static async Task<AuditTail> LockTailAsync(BeaconDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresAuditLockKey})", cancellationToken);
        }

        var tail = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        return tail is null ? new AuditTail(0, AuditChain.Genesis) : new AuditTail(tail.Sequence, tail.Hash);
    }

    /// <summary>Numbers <paramref name="pending"/> after <paramref name="tail"/> and links each to the one before;
    /// <paramref name="tail"/> moves to the last entry made.</summary>
    internal static List<AuditEntry> Link(AuditTail tail, AuditActor actor, IReadOnlyList<PendingAudit> pending)
    {
        var entries = new List<AuditEntry>(pending.Count);
        foreach (var pendingItem in pending)
        {
            // Microsecond precision: what both SQLite and PostgreSQL store exactly, so the hash verifies after a round trip.
            // Every text fits its column and is valid Unicode, whatever a request put in it (a 300-character path, a
            // filter cut inside an emoji): an entry the database would refuse would fail its whole batch (issue #21 §4).
            var item = pendingItem with
            {
                OccurredAt = Instant.FromUnixTimeTicks(pendingItem.OccurredAt.ToUnixTimeTicks() / 10 * 10),
                Action = Fit(pendingItem.Action, 50)!,
                RecordType = Fit(pendingItem.RecordType, 50)!,
                RecordId = Fit(pendingItem.RecordId, 100),
                Outcome = Fit(pendingItem.Outcome, 20)!,
                Details = Fit(pendingItem.Details, int.MaxValue),
            };
            var sequence = tail.Sequence + 1;
            var record = new AuditRecord(sequence, item.OccurredAt, actor.UserId, Fit(actor.UserName, 256)!, Fit(actor.OrganisationCode, 40), item.Action,
                item.RecordType, item.RecordId, item.Outcome, Fit(actor.IpAddress, 64), item.Details, tail.Hash, string.Empty);
            var hash = AuditChain.ComputeHash(record, tail.Hash);
            entries.Add(new AuditEntry
            {
                Sequence = sequence,
                OccurredAt = item.OccurredAt,
                UserId = record.UserId,
                UserName = record.UserName,
                OrganisationCode = record.OrganisationCode,
                Action = item.Action,
                RecordType = item.RecordType,
                RecordId = item.RecordId,
                Outcome = item.Outcome,
                IpAddress = record.IpAddress,
                Details = item.Details,
                PreviousHash = tail.Hash,
                Hash = hash,
            });
            tail.Sequence = sequence;
            tail.Hash = hash;
        }

        return entries;
    }

    /// <summary>The text cut to at most <paramref name="max"/> characters without splitting a surrogate pair, with any
    /// unpaired surrogate (which UTF-8 cannot encode) replaced by U+FFFD.</summary>
    internal static string? Fit(string? text, int max)
    {
        if (text is null)
        {
            return null;
        }

        var builder = new System.Text.StringBuilder(Math.Min(text.Length, max));
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (builder.Length + (pair ? 2 : 1) > max)
            {
                break;
            }

            if (pair)
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return builder.ToString();
    }

    public static AuditRecord ToRecord(AuditEntry e) => new(e.Sequence, e.OccurredAt, e.UserId, e.UserName, e.OrganisationCode,
        e.Action, e.RecordType, e.RecordId, e.Outcome, e.IpAddress, e.Details, e.PreviousHash, e.Hash);
}

/// <summary>Finds changes to child-related records in the change tracker and describes them for the audit log.</summary>
public static class ChildRecordChanges
{
    public static IReadOnlyList<PendingAudit> Collect(ChangeTracker tracker, Instant now)
    {
        var result = new List<PendingAudit>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is not (IChildRecord or Features.Mace.IPanelRecord) || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            if (entry.State == EntityState.Modified)
            {
                // Optimistic concurrency: every change bumps the version, so a stale edit fails instead of overwriting.
                if (entry.Metadata.FindProperty("Version") is { IsConcurrencyToken: true })
                {
                    entry.Property("Version").CurrentValue = (int)entry.Property("Version").CurrentValue! + 1;
                }

                if (entry.Metadata.FindProperty("UpdatedAt") is not null)
                {
                    entry.Property("UpdatedAt").CurrentValue = now;
                }
            }

            var action = entry.State switch
            {
                EntityState.Added => "create",
                EntityState.Deleted => "delete",
                _ => "update",
            };

            // Names of changed fields only: the audit log records that a field changed, never personal values.
            var fields = entry.State == EntityState.Modified
                ? string.Join(",", entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name))
                : null;
            var recordId = RecordId(entry.Entity, entry.Properties.FirstOrDefault(p => p.Metadata.IsPrimaryKey())?.CurrentValue);
            result.Add(new PendingAudit(now, action, entry.Metadata.ClrType.Name, recordId, "allowed", fields is null ? null : $"fields: {fields}"));
        }

        return result;
    }

    /// <summary>"create" entries for rows added outside the change tracker (a bulk import), described as
    /// <see cref="Collect"/> describes added rows.</summary>
    public static IReadOnlyList<PendingAudit> CollectNew(Microsoft.EntityFrameworkCore.Metadata.IModel model, IEnumerable<object> rows, Instant now)
    {
        var result = new List<PendingAudit>();
        var keys = new Dictionary<Type, Microsoft.EntityFrameworkCore.Metadata.IClrPropertyGetter>();
        foreach (var row in rows)
        {
            if (row is not (IChildRecord or Features.Mace.IPanelRecord))
            {
                continue;
            }

            var type = row.GetType();
            if (!keys.TryGetValue(type, out var key))
            {
                key = model.FindEntityType(type)!.FindPrimaryKey()!.Properties[0].GetGetter();
                keys[type] = key;
            }

            result.Add(new PendingAudit(now, "create", type.Name, RecordId(row, key.GetClrValueUsingContainingEntity(row)), "allowed", null));
        }

        return result;
    }

    private static string RecordId(object row, object? key) => row switch
    {
        Child child => child.Id.ToString(),
        IChildRecord record => $"{record.ChildId}/{key}",
        Features.Mace.IPanelRecord panelRecord => panelRecord.AuditId,
        _ => throw new InvalidOperationException("unreachable"),
    };
}

using System.Security.Claims;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Infrastructure.Auditing;

/// <summary>
/// The one way to read the audit log (issue #16 §5, ADR 7). The provider's service managers and data protection officer
/// see every entry. Every other reader sees entries made by users of their own organisation, and of those only entries
/// that are not about a child their organisation may not see (an entry is about a child when its record id is the
/// child's id, starts with it — <c>child/record</c> — or is the map subject <c>child:ID</c>; visibility is the
/// children's query filter, ADR 4). The child check runs on each batch of candidates, so the cost is one indexed
/// look-up per batch, not per row.
/// </summary>
public sealed class AuditReader(BeaconDbContext db)
{
    public const int MaxRows = 200;
    private const int Batch = 500;
    private const int MaxBatches = 20;

    /// <summary>Whether <paramref name="user"/> reads the whole log.</summary>
    public static bool SeesAll(ClaimsPrincipal? user) =>
        user?.FindFirstValue(BeaconClaims.OrganisationKind) == nameof(OrganisationKind.Provider)
        && (user.IsInRole(Roles.ServiceManager) || user.IsInRole(Roles.DataProtectionOfficer));

    /// <summary>The newest entries (up to <see cref="MaxRows"/>) the current user may read, optionally only those about
    /// <paramref name="record"/> (its id, or anything under it) or made by <paramref name="userName"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(string? record, string? userName, CancellationToken cancellationToken = default, NodaTime.Instant? from = null, NodaTime.Instant? to = null)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(record))
        {
            var id = record.Trim();
            var subject = "child:" + id;
            query = query.Where(e => e.RecordId == id || e.RecordId!.StartsWith(id + "/") || e.RecordId == subject);
        }

        if (from is { } start)
        {
            query = query.Where(e => e.OccurredAt >= start);
        }

        if (to is { } end)
        {
            query = query.Where(e => e.OccurredAt < end);
        }

        if (!string.IsNullOrWhiteSpace(userName))
        {
            var name = userName.Trim().ToLowerInvariant();
            query = query.Where(e => e.UserName.ToLower() == name);
        }

        if (SeesAll(db.Actor.Principal))
        {
            return await query.OrderByDescending(e => e.Sequence).Take(MaxRows).ToListAsync(cancellationToken);
        }

        if (db.Actor.IsSystem || db.Actor.OrganisationCode is not { } organisation)
        {
            return [];
        }

        query = query.Where(e => e.OrganisationCode == organisation);
        var result = new List<AuditEntry>();
        var before = long.MaxValue;
        for (var batch = 0; batch < MaxBatches && result.Count < MaxRows; batch++)
        {
            var after = before;
            var page = await query.Where(e => e.Sequence < after).OrderByDescending(e => e.Sequence).Take(Batch).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var hidden = await HiddenChildrenAsync([.. page.Select(ChildOf).OfType<Guid>().Distinct()], cancellationToken);
            result.AddRange(page.Where(e => ChildOf(e) is not { } child || !hidden.Contains(child)).Take(MaxRows - result.Count));
            before = page[^1].Sequence;
        }

        return result;
    }

    /// <summary>The child an entry's record id names, if it names one by position (it may be another kind of id: the
    /// caller checks it against the children).</summary>
    public static Guid? ChildOf(AuditEntry entry)
    {
        var id = entry.RecordId;
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        if (id.StartsWith("child:", StringComparison.Ordinal))
        {
            id = id["child:".Length..];
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return Guid.TryParse(slash < 0 ? id : id[..slash], out var child) ? child : null;
    }

    /// <summary>Of <paramref name="candidates"/>, the ids of children that exist but the current user may not see.</summary>
    private async Task<HashSet<Guid>> HiddenChildrenAsync(IReadOnlyList<Guid> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        // The existence check is the one use of IgnoreQueryFilters here (ADR 4): it answers only "is this a child".
        var existing = await db.Children.IgnoreQueryFilters().AsNoTracking().Where(c => candidates.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        var visible = await db.Children.AsNoTracking().Where(c => existing.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        return [.. existing.Except(visible)];
    }
}

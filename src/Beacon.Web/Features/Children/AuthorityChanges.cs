using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Children;

/// <summary>
/// Where a notification says a child now lives and who is responsible, when applying it would take the child out of
/// the view of a council that sees it now (issue #16 §1): it waits here for a provider caseworker to confirm or reject.
/// </summary>
public sealed class AuthorityChange : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    /// <summary>The notification (episode) that reported the change.</summary>
    public Guid EpisodeId { get; set; }

    public required string HostDistrictCode { get; set; }

    public Guid? HostAuthorityId { get; set; }

    public Guid ResponsibleAuthorityId { get; set; }

    public required string LivingSituation { get; set; }

    /// <summary><c>open</c>, <c>confirmed</c>, <c>rejected</c> or <c>superseded</c> (another was confirmed, or a later notification overtook it).</summary>
    public required string Status { get; set; }

    public Guid? DecidedById { get; set; }

    public Instant? DecidedAt { get; set; }

    public Instant CreatedAt { get; set; }
}

public sealed record AuthorityChangeRow(Guid Id, Guid ChildId, string ChildReference, string ChildName, string PoliceReference, Instant ReportedMissingAt,
    string CurrentDistrict, string CurrentResponsible, string ProposedDistrict, string ProposedResponsible, string ProposedLivingSituation);

/// <summary>Provider caseworkers confirm or reject pending changes of a child's authorities; each decision is audited.</summary>
public sealed class AuthorityChanges(BeaconDbContext db, AuditLog audit, CurrentActor actor, IClock clock)
{
    public async Task<IReadOnlyList<AuthorityChangeRow>> ListOpenAsync(CancellationToken cancellationToken = default)
    {
        var open = await db.AuthorityChanges.AsNoTracking().Where(a => a.Status == "open").OrderBy(a => a.CreatedAt).Take(200)
            .Join(db.Children, a => a.ChildId, c => c.Id, (a, c) => new { a, c })
            .Join(db.Episodes, x => x.a.EpisodeId, e => e.Id, (x, e) => new { x.a, x.c, e.PoliceReference, e.ReportedMissingAt })
            .ToListAsync(cancellationToken);
        var areas = await db.Areas.AsNoTracking().ToDictionaryAsync(a => a.GssCode, a => a.Name, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        await audit.RecordListAsync(nameof(AuthorityChange), "open authority changes", open.Select(x => $"{x.c.Id}/{x.a.Id}"), cancellationToken);
        return open.Select(x => new AuthorityChangeRow(x.a.Id, x.c.Id, x.c.Reference, $"{x.c.GivenName} {x.c.FamilyName}", x.PoliceReference, x.ReportedMissingAt,
            areas.GetValueOrDefault(x.c.HostDistrictCode, x.c.HostDistrictCode), organisations.GetValueOrDefault(x.c.ResponsibleAuthorityId, "?"),
            areas.GetValueOrDefault(x.a.HostDistrictCode, x.a.HostDistrictCode), organisations.GetValueOrDefault(x.a.ResponsibleAuthorityId, "?"), x.a.LivingSituation)).ToList();
    }

    /// <summary>Applies the change to the child; the child's other open changes are superseded. A change that a later
    /// notification overtook is superseded instead, not applied.</summary>
    public async Task<string?> ConfirmAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var change = await db.AuthorityChanges.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (change is null || change.Status != "open")
        {
            return "This change has already been decided.";
        }

        // Only the newest notification says where the child lives now: one reported missing later overtook this change
        // (it kept the child where it is, or holds a change of its own), so confirming this one would apply stale facts.
        var reported = await db.Episodes.Where(e => e.Id == change.EpisodeId).Select(e => e.ReportedMissingAt).SingleAsync(cancellationToken);
        if (await db.Episodes.AnyAsync(e => e.ChildId == change.ChildId && e.ReportedMissingAt > reported, cancellationToken))
        {
            Decide(change, "superseded");
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync("authority-change-confirm", nameof(Child), change.ChildId.ToString(), "denied", $"change: {id}; overtaken by a later notification", cancellationToken);
            return "A later notification about this child has arrived since this change: it says where the child lives now, so this change was not applied.";
        }

        var child = await db.Children.SingleAsync(c => c.Id == change.ChildId, cancellationToken);
        var before = $"district {child.HostDistrictCode}, responsible {child.ResponsibleAuthorityId}, host {child.HostAuthorityId}";
        (child.HostDistrictCode, child.HostAuthorityId, child.ResponsibleAuthorityId, child.LivingSituation) =
            (change.HostDistrictCode, change.HostAuthorityId, change.ResponsibleAuthorityId, change.LivingSituation);
        child.UpdatedAt = clock.GetCurrentInstant();
        foreach (var other in await db.AuthorityChanges.Where(a => a.ChildId == change.ChildId && a.Status == "open" && a.Id != id).ToListAsync(cancellationToken))
        {
            Decide(other, "superseded");
        }

        Decide(change, "confirmed");
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("authority-change-confirm", nameof(Child), child.Id.ToString(),
            details: $"change: {id}; from {before}; to district {change.HostDistrictCode}, responsible {change.ResponsibleAuthorityId}, host {change.HostAuthorityId}", cancellationToken: cancellationToken);
        return null;
    }

    public async Task<string?> RejectAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var change = await db.AuthorityChanges.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (change is null || change.Status != "open")
        {
            return "This change has already been decided.";
        }

        Decide(change, "rejected");
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("authority-change-reject", nameof(Child), change.ChildId.ToString(), details: $"change: {id}", cancellationToken: cancellationToken);
        return null;
    }

    private void Decide(AuthorityChange change, string status)
    {
        change.Status = status;
        change.DecidedById = actor.UserId;
        change.DecidedAt = clock.GetCurrentInstant();
    }
}

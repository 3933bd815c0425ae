using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.CouncilChildIds;

/// <summary>
/// The one set of rules for a council's own id for a child (the SSDA903 CHILD id; issue #17 §5), used by the child's
/// page and the bulk import alike: up to 20 letters and digits; one child per id within the responsible council (a
/// merged record does not count); every change audited on the child's record with the old and the new id.
/// </summary>
public static class CouncilChildIdRules
{
    public const int MaxLength = 20;

    public const string FormatMessage = "The council's child id must be up to 20 letters and numbers";

    /// <summary>The audit action of a changed id (old → new), recorded against the child.</summary>
    public const string AuditAction = "council-child-id";

    /// <summary>The id as it is stored (trimmed), null for a blank; <paramref name="error"/> says why it is not an id.</summary>
    public static string? Normalise(string? text, out string? error)
    {
        var id = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        error = id is not null && (id.Length > MaxLength || !id.All(char.IsAsciiLetterOrDigit)) ? FormatMessage : null;
        return error is null ? id : null;
    }

    /// <summary>Why <paramref name="id"/> cannot be given to <paramref name="childId"/>: another current child of the
    /// same council already has it. Null when it is free.</summary>
    public static async Task<string?> TakenAsync(BeaconDbContext db, Guid authorityId, Guid childId, string id, CancellationToken cancellationToken)
    {
        var holder = await db.Children.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.ResponsibleAuthorityId == authorityId && c.MergedIntoId == null && c.LocalAuthorityChildId == id && c.Id != childId)
            .Select(c => c.Reference).FirstOrDefaultAsync(cancellationToken);
        return holder is null ? null : TakenMessage(holder);
    }

    public static string TakenMessage(string holderReference) => $"Another child of this council ({holderReference}) already has this id";

    /// <summary>Audits a changed id on the child's record: the old and the new id, and how it was changed.</summary>
    public static Task AuditChangeAsync(AuditLog audit, Guid childId, string? old, string? now, string via, CancellationToken cancellationToken) =>
        audit.RecordAsync(AuditAction, nameof(Child), childId.ToString(), details: $"old: {old ?? "none"}; new: {now ?? "none"}; via: {via}", cancellationToken: cancellationToken);
}

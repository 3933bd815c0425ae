using System.Security.Claims;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Missing;

/// <summary>"Police force that notified" on the duty form and the import page (ADR 4): a police user always enters for
/// their own force (no choice); provider staff choose among the partnership's active police forces when there are
/// several, and the only one is used when there is one, so an entered episode always belongs to a force.</summary>
public static class NotifyingForceChoice
{
    public const string Field = "notifying_police_force";

    public const string Legend = "Police force that notified";

    public const string Required = "Select the police force that notified the service";

    /// <summary>The forces to choose from: none for a police user (their own force is used) or when there is only one.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OptionsAsync(ClaimsPrincipal user, BeaconDbContext db, CancellationToken ct)
    {
        if (IsPolice(user))
        {
            return new Dictionary<string, string>();
        }

        var forces = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.Police && o.IsActive).OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        return forces.Count > 1 ? forces.ToDictionary(f => f.Id.ToString(), f => f.Name) : new Dictionary<string, string>();
    }

    /// <summary>The notifying force for an entry by this user, or an error message when a choice was needed and not made.</summary>
    public static async Task<(Guid? Force, string? Error)> ResolveAsync(ClaimsPrincipal user, BeaconDbContext db, string? posted, CancellationToken ct)
    {
        if (IsPolice(user))
        {
            return (await NotificationsApi.NotifyingForceAsync(user, db, ct), null);
        }

        var forces = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.Police && o.IsActive).Select(o => o.Id).ToListAsync(ct);
        return forces.Count switch
        {
            0 => (null, null),
            1 => (forces[0], null),
            _ => Guid.TryParse(posted, out var chosen) && forces.Contains(chosen) ? (chosen, null) : (null, Required),
        };
    }

    private static bool IsPolice(ClaimsPrincipal user) => user.FindFirstValue(BeaconClaims.OrganisationKind) == nameof(OrganisationKind.Police);
}

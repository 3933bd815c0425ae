using Beacon.Domain.Access;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Admin;

/// <summary>
/// A change of roles (or a new account's roles) that would let a user read children's records, waiting for a second administrator
/// (issue #16 §7, docs/decisions/0005). <see cref="Roles"/> is the whole new set, comma-separated.
/// </summary>
public sealed class PendingRoleGrant
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public BeaconUser? User { get; set; }

    public required string Roles { get; set; }

    public Guid RequestedById { get; set; }

    public required string RequestedBy { get; set; }

    public Instant RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public Instant? DecidedAt { get; set; }

    /// <summary>Null while waiting; true when approved and applied; false when refused.</summary>
    public bool? Approved { get; set; }

    /// <summary>
    /// Whether giving <paramref name="newRoles"/> (in place of <paramref name="current"/>) needs a second administrator:
    /// the change adds a role and the user could then read children's records (the same rule as every query,
    /// <see cref="ChildVisibility.ScopeFor"/>). Four eyes on every grant of access to children, so that no administrator
    /// can read them alone — neither by giving themselves a role, nor by making an account whose password they chose.
    /// </summary>
    public static bool NeedsSecondAdministrator(OrganisationKind kind, Guid organisationId, Guid userId, IReadOnlyCollection<string> current, IReadOnlyCollection<string> newRoles) =>
        newRoles.Except(current).Any()
        && ChildVisibility.ScopeFor(kind, organisationId, userId, newRoles).Kind != ScopeKind.None;
}

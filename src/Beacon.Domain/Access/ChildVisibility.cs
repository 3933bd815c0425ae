using Beacon.Domain.Organisations;

namespace Beacon.Domain.Access;

/// <summary>
/// Who may see a child's record. Source: issue #2 §5 and the service brief — the provider's staff by role; a partner
/// council only when it is the child's responsible authority (corporate parent or home council) or host authority;
/// police only for children whose episodes they notified; a mentor only the children of their current matches (issue
/// #20 §3, and of those only the mentoring records: docs/decisions/0022); commissioners and analysts see figures, never
/// records. The provider's mentor coordinators are provider staff who match mentors to children, so they see every child.
/// The database enforces the same rule as a global query filter (Infrastructure/Data/BeaconDbContext.cs); a test
/// checks the two agree.
/// </summary>
public static class ChildVisibility
{
    private static readonly HashSet<string> ProviderCaseworkRoles =
        [Roles.Practitioner, Roles.TeamManager, Roles.ServiceManager, Roles.PanelChair, Roles.MentorCoordinator];

    private static readonly HashSet<string> PartnerCaseworkRoles =
        [Roles.Practitioner, Roles.TeamManager, Roles.ServiceManager, Roles.PanelChair, Roles.PanelMember, Roles.PoliceLiaison];

    /// <summary>The scope of a user, from their organisation's kind and their roles. Unknown combinations get
    /// <see cref="AccessScope.Nothing"/>: access fails closed.</summary>
    public static AccessScope ScopeFor(OrganisationKind organisationKind, Guid organisationId, Guid userId, IReadOnlyCollection<string> roles)
    {
        switch (organisationKind)
        {
            case OrganisationKind.Provider when roles.Any(ProviderCaseworkRoles.Contains):
                return new AccessScope(ScopeKind.AllChildren, organisationId, userId);
            case OrganisationKind.Provider when roles.Contains(Roles.Mentor):
                return new AccessScope(ScopeKind.MatchedChildren, organisationId, userId);
            case OrganisationKind.LocalAuthority when roles.Any(PartnerCaseworkRoles.Contains):
                return new AccessScope(ScopeKind.Authority, organisationId, userId);
            case OrganisationKind.Police when roles.Any(PartnerCaseworkRoles.Contains):
                return new AccessScope(ScopeKind.PoliceForce, organisationId, userId);
            default:
                return AccessScope.Nothing;
        }
    }

    /// <summary>Whether a user with <paramref name="scope"/> may see the child described by <paramref name="child"/>.</summary>
    public static bool CanSee(AccessScope scope, ChildAccessFacts child) => scope.Kind switch
    {
        ScopeKind.AllChildren => true,
        ScopeKind.Authority => child.ResponsibleAuthorityId == scope.OrganisationId || child.HostAuthorityId == scope.OrganisationId,
        ScopeKind.PoliceForce => child.NotifyingPoliceForceId == scope.OrganisationId,
        ScopeKind.MatchedChildren => child.MatchedMentorUserIds?.Contains(scope.UserId) == true,
        _ => false,
    };

    /// <summary>
    /// The councils that see a child as its responsible or host authority before a change of those authorities and
    /// would not after it. Source: issue #16 §1 — a notification never moves a child out of an organisation's view by
    /// itself: such a change waits for a provider caseworker to confirm it. (Police and mentor access do not follow
    /// the authorities.)
    /// </summary>
    public static IReadOnlyList<Guid> AuthoritiesLosingView(ChildAccessFacts before, ChildAccessFacts after) =>
        new[] { before.ResponsibleAuthorityId, before.HostAuthorityId }
            .OfType<Guid>()
            .Where(id => id != after.ResponsibleAuthorityId && id != after.HostAuthorityId)
            .Distinct()
            .ToList();
}

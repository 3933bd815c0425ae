using Beacon.Domain.Organisations;

namespace Beacon.Domain.Access;

/// <summary>How widely a signed-in user may see children's records. Computed once per request from the user's
/// organisation and roles by <see cref="ChildVisibility.ScopeFor"/>.</summary>
public enum ScopeKind
{
    /// <summary>Sees no child records at all (the fail-closed default).</summary>
    None = 0,

    /// <summary>Provider casework staff: every child the service holds.</summary>
    AllChildren = 1,

    /// <summary>A council: children it is responsible for or hosts.</summary>
    Authority = 2,

    /// <summary>A police force: children whose episodes that force notified.</summary>
    PoliceForce = 3,

    /// <summary>A mentor: only children they are currently matched to, and of those only the mentoring records
    /// (docs/decisions/0022).</summary>
    MatchedChildren = 4,
}

/// <summary>The access scope of one user; <see cref="OrganisationId"/> or <see cref="UserId"/> apply by kind.</summary>
public sealed record AccessScope(ScopeKind Kind, Guid OrganisationId, Guid UserId)
{
    public static readonly AccessScope Nothing = new(ScopeKind.None, Guid.Empty, Guid.Empty);

    /// <summary>Used by trusted system processes (migrations, imports run by an administrator at the console).</summary>
    public static readonly AccessScope System = new(ScopeKind.AllChildren, Guid.Empty, Guid.Empty);
}

/// <summary>The facts about a child's record that decide who may see it. <see cref="MatchedMentorUserIds"/> are the
/// Beacon users linked to the mentors of the child's current (not ended) matches.</summary>
public sealed record ChildAccessFacts(
    Guid ResponsibleAuthorityId,
    Guid? HostAuthorityId,
    Guid? NotifyingPoliceForceId,
    IReadOnlyCollection<Guid>? MatchedMentorUserIds = null);

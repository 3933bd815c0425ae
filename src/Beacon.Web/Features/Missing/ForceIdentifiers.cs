using Beacon.Domain.Access;

namespace Beacon.Web.Features.Missing;

/// <summary>Police references and police person ids are identifiers of the force that issued them (ADR 4, issue #16
/// §2): a police user sees only their own force's; another force's (or an unattributed one) is shown as a placeholder.
/// Everyone else in the partnership who may see the child sees them all.</summary>
public static class ForceIdentifiers
{
    public const string AnotherForcesReference = "Another force's reference";

    public const string AnotherForcesPersonId = "Another force's person id";

    public static bool Hidden(AccessScope viewer, Guid? issuedBy) =>
        viewer.Kind == ScopeKind.PoliceForce && issuedBy != viewer.OrganisationId;

    public static string Reference(AccessScope viewer, Guid? issuedBy, string reference) =>
        Hidden(viewer, issuedBy) ? AnotherForcesReference : reference;

    public static string? PersonId(AccessScope viewer, Guid? issuedBy, string? personId) =>
        personId is not null && Hidden(viewer, issuedBy) ? AnotherForcesPersonId : personId;
}

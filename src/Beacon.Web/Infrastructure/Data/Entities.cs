using Beacon.Domain.Organisations;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>A partner organisation: the provider, a council, a police force or a commissioner's office.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    /// <summary>Stable short code, e.g. <c>LA-860</c>, <c>POLICE-STAFFS</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public OrganisationKind Kind { get; set; }

    /// <summary>The DfE local-authority number of a council (e.g. 860).</summary>
    public int? DfeLaNumber { get; set; }

    public string? GssCode { get; set; }

    public bool IsActive { get; set; } = true;
}

/// <summary>A geographical area from reference data: a county, a unitary council or a district.</summary>
public sealed class Area
{
    public required string GssCode { get; set; }

    public required string Name { get; set; }

    /// <summary><c>county</c>, <c>unitary</c> or <c>district</c>.</summary>
    public required string Kind { get; set; }

    public string? ParentGssCode { get; set; }

    /// <summary>The reporting locality (e.g. North, South/East, Stoke-on-Trent); null for a county.</summary>
    public string? Locality { get; set; }

    /// <summary>The council responsible for children living in this area (the county for its districts).</summary>
    public Guid AuthorityId { get; set; }

    /// <summary>The MACE panel whose agenda takes this area's Medium and High exploitation referrals.</summary>
    public string? MacePanel { get; set; }
}

/// <summary>A person (or a partner system's service account) who uses Beacon.</summary>
public sealed class BeaconUser : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    public Guid OrganisationId { get; set; }

    public Organisation? Organisation { get; set; }

    /// <summary>Team name for work lists (e.g. "North RHI team").</summary>
    public string? Team { get; set; }

    /// <summary>The locality (from areas.csv) of the user's team: new notifications there are alerted to them.</summary>
    public string? Locality { get; set; }

    /// <summary>Created by demo seeding; may sign in only while demo mode is on.</summary>
    public bool IsDemo { get; set; }

    /// <summary>A partner system's account: API tokens only, never an interactive sign-in.</summary>
    public bool IsServiceAccount { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>A hashed API token for a user or service account. Only the SHA-256 of the secret is stored.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public BeaconUser? User { get; set; }

    public required string Name { get; set; }

    /// <summary>The public part of the token, used to find it (e.g. <c>bcn_Ab12Cd34</c>).</summary>
    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant ExpiresAt { get; set; }

    public Instant? LastUsedAt { get; set; }

    public Instant? RevokedAt { get; set; }
}

/// <summary>A child known to the service. Visibility is enforced by the global query filter in <see cref="BeaconDbContext"/>.</summary>
public sealed class Child : IChildRecord
{
    public Guid Id { get; set; }

    /// <summary>Beacon's human-readable reference, e.g. <c>BCN-000123</c>.</summary>
    public required string Reference { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }

    public LocalDate DateOfBirth { get; set; }

    /// <summary><c>female</c>, <c>male</c>, <c>other</c> or <c>not-known</c>.</summary>
    public required string Gender { get; set; }

    /// <summary>DfE ethnicity code (<see cref="Beacon.Domain.Vocabulary.Codes.Ethnicity"/>).</summary>
    public string? EthnicityCode { get; set; }

    public string? NhsNumber { get; set; }

    public string? PolicePersonId { get; set; }

    /// <summary>The responsible authority's own identifier for the child (the SSDA903 CHILD id).</summary>
    public string? LocalAuthorityChildId { get; set; }

    /// <summary>GSS code of the district where the child lives.</summary>
    public required string HostDistrictCode { get; set; }

    /// <summary>The council of the host district (derived from <see cref="HostDistrictCode"/>).</summary>
    public Guid? HostAuthorityId { get; set; }

    /// <summary>The corporate parent of a looked-after child, otherwise the child's home council.</summary>
    public Guid ResponsibleAuthorityId { get; set; }

    /// <summary><c>HOME</c>, <c>LA_CARE</c> or <c>PLACED_BY_OTHER_LA</c>.</summary>
    public required string LivingSituation { get; set; }

    /// <summary>The police force that notified the service about this child (entitles it to see the record).</summary>
    public Guid? NotifyingPoliceForceId { get; set; }

    public Guid? AllocatedWorkerId { get; set; }

    /// <summary>Set when a person confirmed this record is the same child as another (reversible).</summary>
    public Guid? MergedIntoId { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: incremented on every change.</summary>
    public int Version { get; set; }

    Guid IChildRecord.ChildId => Id;
}

/// <summary>Anything that is part of a child's record: changes to it are audited automatically.</summary>
public interface IChildRecord
{
    Guid ChildId { get; }
}

/// <summary>One entry in the append-only, hash-chained audit log.</summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }

    public Instant OccurredAt { get; set; }

    public Guid? UserId { get; set; }

    public required string UserName { get; set; }

    public string? OrganisationCode { get; set; }

    public required string Action { get; set; }

    public required string RecordType { get; set; }

    public string? RecordId { get; set; }

    /// <summary><c>allowed</c>, <c>denied</c> or <c>not-found</c>.</summary>
    public required string Outcome { get; set; }

    public string? IpAddress { get; set; }

    public string? Details { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}

/// <summary>An ASP.NET Core data-protection key, kept in the database so every instance shares it.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}

using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary>A community resource or service in the provider's directory (issue #19 §3): its kind
/// (<c>Codes.ResourceKind</c>), the districts it serves (GSS codes, comma-separated; none = the whole area), the ages
/// it takes, how to contact it and how to refer. Kept by the provider's staff; every signed-in user may read it.</summary>
public sealed class CommunityResource
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public string? Districts { get; set; }

    public int? MinAge { get; set; }

    public int? MaxAge { get; set; }

    public string? Contact { get; set; }

    public string? ReferralRoute { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}

/// <summary>An onward referral of a child (or its family) to a resource in the directory (issue #19 §3), made from a
/// return interview, a key-work plan or the family page (<c>Codes.OnwardSource</c>; <see cref="SourceId"/> is the
/// interview or exploitation referral). <see cref="Status"/> is the latest step of its history
/// (<see cref="OnwardReferralStep"/>). Part of the child's record.</summary>
public sealed class OnwardReferral : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public Guid ResourceId { get; set; }

    public CommunityResource? Resource { get; set; }

    public required string Source { get; set; }

    public Guid? SourceId { get; set; }

    public LocalDate MadeOn { get; set; }

    public required string Status { get; set; }

    public LocalDate StatusOn { get; set; }

    public string? Notes { get; set; }

    public required string MadeBy { get; set; }

    public Instant RecordedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>One dated step of an onward referral's status history (made, accepted, waiting, started, declined, closed).</summary>
public sealed class OnwardReferralStep : IChildRecord
{
    public Guid Id { get; set; }

    public Guid OnwardReferralId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string Status { get; set; }

    public LocalDate On { get; set; }

    public string? Note { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Missing;

/// <summary>
/// One missing (or absent) episode as the police notified it: the unit counted as "notifications". It keeps the
/// child's details exactly as notified, so a resend can be compared field by field.
/// </summary>
public sealed class Episode : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string PoliceReference { get; set; }

    public string? PolicePersonId { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }

    public LocalDate DateOfBirth { get; set; }

    public required string Gender { get; set; }

    public string? EthnicityCode { get; set; }

    public string? NhsNumber { get; set; }

    public required string HostDistrictCode { get; set; }

    public required string LivingSituation { get; set; }

    public Guid ResponsibleAuthorityId { get; set; }

    public Instant ReportedMissingAt { get; set; }

    public Instant? ReturnedAt { get; set; }

    /// <summary><c>M</c> missing (whereabouts unknown) or <c>A</c> absent (whereabouts known).</summary>
    public required string MissingOrAbsent { get; set; }

    /// <summary><c>HIGH</c>, <c>MEDIUM</c>, <c>LOW</c> or <c>NO_APPARENT_RISK</c>.</summary>
    public required string PoliceRisk { get; set; }

    public Instant? PreventionInterviewAt { get; set; }

    /// <summary>When the service received the notification: dates it for reporting.</summary>
    public Instant NotifiedAt { get; set; }

    public string? Circumstances { get; set; }

    public Guid? NotifyingPoliceForceId { get; set; }

    /// <summary>The RHI that covers this episode, once the child has returned.</summary>
    public Guid? ReturnInterviewId { get; set; }

    /// <summary>Why a practitioner had this episode covered by an interview it would not have joined by default — one
    /// offered before the episode returned, or whose earliest return is more than <c>JoinWithinDays</c> away (issue #22
    /// §2, ADR 8). Null when it joined by the default rule.</summary>
    public string? CoverReason { get; set; }

    /// <summary><c>form</c>, <c>api</c> or <c>import</c>.</summary>
    public required string Source { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }
}

/// <summary>A possible match between a newly notified child and an existing one (name and date of birth), for a
/// person to confirm (merge) or reject. Beacon never merges on name alone by itself.</summary>
public sealed class MatchProposal : IChildRecord
{
    public Guid Id { get; set; }

    /// <summary>The child created from the notification.</summary>
    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    /// <summary>The existing child it may be.</summary>
    public Guid CandidateChildId { get; set; }

    public required string Reason { get; set; }

    /// <summary><c>open</c>, <c>merged</c>, <c>rejected</c> or <c>unmerged</c>.</summary>
    public required string Status { get; set; }

    /// <summary>Ids of the episodes moved by a merge (comma-separated), so the merge can be reversed.</summary>
    public string? MovedEpisodeIds { get; set; }

    public Guid? DecidedById { get; set; }

    public Instant? DecidedAt { get; set; }

    public Instant CreatedAt { get; set; }
}

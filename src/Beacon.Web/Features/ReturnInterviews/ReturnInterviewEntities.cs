using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>A Return Home Interview covering one or more episodes of one child (shared/domain-glossary.md).</summary>
public sealed class ReturnInterview : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string Reference { get; set; }

    public RhiStatus Status { get; set; }

    /// <summary>The earliest return among the covered episodes: the 72-hour clock starts here.</summary>
    public Instant FirstReturnedAt { get; set; }

    public Instant DueAt { get; set; }

    public Guid? AssignedToId { get; set; }

    public Instant? OfferedAt { get; set; }

    public Instant? ClosedAt { get; set; }

    /// <summary><c>CHILD</c>, <c>PARENT_CARER</c> or <c>RESPONSIBLE_AUTHORITY</c>.</summary>
    public string? DeclinedBy { get; set; }

    /// <summary><c>RESPONSIBLE_AUTHORITY</c>, <c>TURNED_18</c>, <c>FOUND_OUT_OF_AREA</c>, <c>DUPLICATE</c> or <c>OTHER</c>.</summary>
    public string? NotOfferedReason { get; set; }

    public string? OutcomeNote { get; set; }

    /// <summary><c>FACE_TO_FACE</c>, <c>VIDEO</c> or <c>PHONE</c>.</summary>
    public string? Method { get; set; }

    /// <summary><c>HOME</c>, <c>SCHOOL</c>, <c>PLACEMENT</c> or <c>OTHER</c>.</summary>
    public string? Venue { get; set; }

    public Instant? InterviewedAt { get; set; }

    /// <summary>Reasons for going missing (comma-separated codes).</summary>
    public string? Reasons { get; set; }

    public string? PrimaryReason { get; set; }

    public string? PushFactors { get; set; }

    public string? PullFactors { get; set; }

    public string? WhereWent { get; set; }

    public string? WithWhom { get; set; }

    public string? Travel { get; set; }

    public string? Harm { get; set; }

    /// <summary>Exploitation indicators seen (comma-separated codes).</summary>
    public string? ExploitationIndicators { get; set; }

    public string? ChildsWords { get; set; }

    public string? ActionsAgreed { get; set; }

    public string? ReferralsMade { get; set; }

    public Instant? SubmittedAt { get; set; }

    public Guid? SubmittedById { get; set; }

    public Instant? ReviewedAt { get; set; }

    public Guid? ReviewedById { get; set; }

    /// <summary>Bought by a council for its own child placed outside the area.</summary>
    public bool IsSpotPurchase { get; set; }

    /// <summary>The council that bought a spot-purchased RHI and is charged for it (issue #18 §5).</summary>
    public Guid? PurchasedById { get; set; }

    /// <summary>Migrated from the previous provider (<c>beacon import return-interviews</c>).</summary>
    public string? LegacyReference { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>One attempt to engage the child or family.</summary>
public sealed class RhiAttempt : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ReturnInterviewId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public Instant AttemptedAt { get; set; }

    /// <summary><c>PHONE</c>, <c>FACE_TO_FACE</c>, <c>VIDEO</c>, <c>TEXT</c>, <c>LETTER</c> or <c>VIA_CARER</c>.</summary>
    public required string Method { get; set; }

    /// <summary><c>OFFER_ACCEPTED</c>, <c>NO_ANSWER</c>, <c>MESSAGE_LEFT</c>, <c>DECLINED</c>, <c>ARRANGED</c> or <c>OTHER</c>.</summary>
    public required string Outcome { get; set; }

    public string? Note { get; set; }

    public Guid? RecordedById { get; set; }

    public required string RecordedByName { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>A record that a completed RHI's summary was shared with an organisation.</summary>
public sealed class RhiShare : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ReturnInterviewId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public Guid OrganisationId { get; set; }

    public Instant SharedAt { get; set; }

    /// <summary>When a user of that organisation first opened it.</summary>
    public Instant? FirstViewedAt { get; set; }
}

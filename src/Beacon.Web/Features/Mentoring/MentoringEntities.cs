using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>A record a matched mentor may see of their mentee (docs/decisions/0022). Every other child record is out of
/// a mentor's reach, whatever its page or endpoint does.</summary>
public interface IMentoringRecord : IChildRecord;

/// <summary>
/// A mentor or volunteer on the register (issue #20 §1): a person who is not staff. Personal data (contact details,
/// vetting) is shown to the provider's mentor coordinators only. <see cref="UserId"/> links the Beacon user with the
/// Mentor role who acts as this mentor.
/// </summary>
public sealed class Mentor
{
    public const string LivedExperienceMentor = "mentor";
    public const string Volunteer = "volunteer";

    public Guid Id { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary><see cref="LivedExperienceMentor"/> or <see cref="Volunteer"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>A <see cref="Beacon.Domain.Mentoring.MentorStatus"/> code; its history is in <see cref="MentorStatusChange"/>.</summary>
    public required string Status { get; set; }

    public Guid? UserId { get; set; }

    public string? Skills { get; set; }

    public string? Areas { get; set; }

    public string? Availability { get; set; }

    public LocalDate? DbsCheckedOn { get; set; }

    public string? DbsCertificateNumber { get; set; }

    public LocalDate? DbsRenewalDueOn { get; set; }

    public int ReferencesReceived { get; set; }

    public LocalDate? SafeguardingTrainedOn { get; set; }

    public LocalDate? SafeguardingDueOn { get; set; }

    public LocalDate? AgreementSignedOn { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }

    public Beacon.Domain.Mentoring.VettingFacts Vetting => new(Status, DbsCheckedOn, DbsRenewalDueOn, ReferencesReceived, SafeguardingTrainedOn, SafeguardingDueOn, AgreementSignedOn);
}

/// <summary>One change of a mentor's status, with its date and reason (issue #20 §1).</summary>
public sealed class MentorStatusChange
{
    public Guid Id { get; set; }

    public Guid MentorId { get; set; }

    public required string Status { get; set; }

    public LocalDate ChangedOn { get; set; }

    public string? Reason { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>
/// A mentor matched to a child (issue #20 §3): the child's agreement and, for a looked-after child, the responsible
/// council's; the goals of the match; its end with a reason. Independent of key work, so it continues after key work
/// closes. A mentor sees a child while a match of theirs to that child has not ended.
/// </summary>
public sealed class MentorMatch : IMentoringRecord
{
    public Guid Id { get; set; }

    public Guid MentorId { get; set; }

    public Mentor? Mentor { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public LocalDate StartedOn { get; set; }

    public LocalDate ChildAgreedOn { get; set; }

    public LocalDate? CouncilAgreedOn { get; set; }

    public string? CouncilAgreedBy { get; set; }

    public required string Goals { get; set; }

    public LocalDate? EndedOn { get; set; }

    public string? EndReason { get; set; }

    public required string CreatedBy { get; set; }

    public Instant CreatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A mentor's contact with their mentee (issue #20 §3), and any safeguarding concern it raised.</summary>
public sealed class MentorContact : IMentoringRecord
{
    public Guid Id { get; set; }

    public Guid MatchId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public LocalDate HeldOn { get; set; }

    public int Minutes { get; set; }

    /// <summary>A <see cref="Beacon.Domain.Vocabulary.Codes.MentorContactKind"/> code.</summary>
    public required string Kind { get; set; }

    public required string Place { get; set; }

    public required string Notes { get; set; }

    /// <summary>A safeguarding concern the mentor raised; it alerts the child's key worker and manager once.</summary>
    public string? SafeguardingConcern { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>A training course for mentors and volunteers (issue #20 §2); a refresher is due
/// <see cref="ValidityMonths"/> after attending it.</summary>
public sealed class TrainingCourse
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>A <see cref="Beacon.Domain.Vocabulary.Codes.TrainingCourseKind"/> code.</summary>
    public required string Kind { get; set; }

    public int? ValidityMonths { get; set; }
}

/// <summary>One session of a course (issue #20 §2): when, how long, who trained and where.</summary>
public sealed class TrainingSession
{
    public Guid Id { get; set; }

    public Guid CourseId { get; set; }

    public TrainingCourse? Course { get; set; }

    public LocalDate HeldOn { get; set; }

    public int Minutes { get; set; }

    public required string Trainer { get; set; }

    public required string Place { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>A mentor's attendance at one session (issue #20 §2), and whether they completed it: their training record.
/// Only a completed session renews a course.</summary>
public sealed class TrainingAttendance
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public TrainingSession? Session { get; set; }

    public Guid MentorId { get; set; }

    public bool Completed { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>A supervision session with a mentor (issue #20 §4). Its notes are for mentor coordinators only.</summary>
public sealed class MentorSupervision
{
    public Guid Id { get; set; }

    public Guid MentorId { get; set; }

    public LocalDate HeldOn { get; set; }

    public int Minutes { get; set; }

    public required string Supervisor { get; set; }

    public required string Notes { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>A wellbeing check-in with a mentor (issue #20 §4): a score from 1 (struggling) to 10 (thriving), any
/// concerns and the actions agreed. For mentor coordinators only.</summary>
public sealed class MentorWellbeingCheck
{
    public Guid Id { get; set; }

    public Guid MentorId { get; set; }

    public LocalDate HeldOn { get; set; }

    public int Score { get; set; }

    public string? Concerns { get; set; }

    public string? Actions { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

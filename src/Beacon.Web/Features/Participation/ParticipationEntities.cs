using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Participation;

/// <summary>
/// A participation or co-production event (issue #20 §5): a forum session, summer programme activity, consultation or
/// co-design workshop, with what young people co-produced and what changed as a result ("you said, we did"). The
/// children Beacon knows who attended are <see cref="ParticipationAttendance"/> records (part of each child's record);
/// other young people are a count.
/// </summary>
public sealed class ParticipationEvent
{
    public Guid Id { get; set; }

    /// <summary>A <see cref="Beacon.Domain.Vocabulary.Codes.ParticipationKind"/> code.</summary>
    public required string Kind { get; set; }

    public LocalDate HeldOn { get; set; }

    public required string Place { get; set; }

    public required string CoProduced { get; set; }

    /// <summary>"You said, we did": what changed as a result, when known.</summary>
    public string? YouSaidWeDid { get; set; }

    /// <summary>Young people who attended and are not children Beacon knows.</summary>
    public int OtherAttendees { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>A child Beacon knows who attended a participation event: part of the child's record, so only those who may
/// see the child see that they attended.</summary>
public sealed class ParticipationAttendance : IChildRecord
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }
}

/// <summary>Who ran a participation event or delivered a partner training session: a staff user or a mentor from the
/// register (exactly one of the two).</summary>
public sealed class ParticipationFacilitator
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public Guid? UserId { get; set; }

    public Guid? MentorId { get; set; }
}

/// <summary>A briefing or training session the service delivered to partners (issue #20 §6), with the agencies in the
/// audience and how many of each attended.</summary>
public sealed class PartnerTraining
{
    public Guid Id { get; set; }

    public LocalDate DeliveredOn { get; set; }

    public required string Topic { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>How many people of one agency attended a partner training session.</summary>
public sealed class PartnerTrainingAudience
{
    public Guid Id { get; set; }

    public Guid TrainingId { get; set; }

    /// <summary>A <see cref="Beacon.Domain.Vocabulary.Codes.PartnerAgency"/> code.</summary>
    public required string Agency { get; set; }

    public int Attending { get; set; }
}

/// <summary>Who delivered a partner training session: a staff user or a mentor from the register (exactly one).</summary>
public sealed class PartnerTrainingDeliverer
{
    public Guid Id { get; set; }

    public Guid TrainingId { get; set; }

    public Guid? UserId { get; set; }

    public Guid? MentorId { get; set; }
}

using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>A dated entry of progress towards a family goal (issue #19 §4): a score from 1 to 10, or achieved / not
/// achieved, by the goal's measure. One per goal per date.</summary>
public sealed class FamilyGoalProgress : IChildRecord
{
    public Guid Id { get; set; }

    public Guid GoalId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public LocalDate RecordedOn { get; set; }

    public int? Score { get; set; }

    public bool? Achieved { get; set; }

    public string? Note { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>A family member who took part in a key-work session (issue #19 §4: the family's involvement).</summary>
public sealed class FamilySessionMember : IChildRecord
{
    public Guid Id { get; set; }

    public Guid SessionId { get; set; }

    public Guid FamilyMemberId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }
}

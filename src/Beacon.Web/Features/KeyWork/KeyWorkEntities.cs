using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.KeyWork;

/// <summary>A key-work session with a child (issue #5 §4): when, which kind of work, how long, what was done and which
/// plan goals it worked towards.</summary>
public sealed class KeyWorkSession : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ReferralId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public LocalDate HeldOn { get; set; }

    public required string WorkType { get; set; }

    public int Minutes { get; set; }

    public required string Notes { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>A member of the child's family or household (issue #5 §4: whole-family working).</summary>
public sealed class FamilyMember : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string Name { get; set; }

    public required string Relationship { get; set; }

    public string? Notes { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>A goal the family has set itself, and whether it was achieved.</summary>
public sealed class FamilyGoal : IChildRecord
{
    public const string Open = "open";
    public const string Achieved = "achieved";
    public const string Dropped = "dropped";

    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string Goal { get; set; }

    public required string Status { get; set; }

    /// <summary>How progress towards it is recorded (issue #19 §4): <c>scale</c> (1–10) or <c>achieved</c> (achieved or not).</summary>
    public string Measure { get; set; } = "scale";

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

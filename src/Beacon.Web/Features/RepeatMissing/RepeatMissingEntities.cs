using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>Configuration section <c>Beacon:RepeatMissing</c> (defaults from the service: 3, 5, 9 in 90 days).</summary>
public sealed class RepeatMissingOptions
{
    public const string Section = "Beacon:RepeatMissing";

    public int WindowDays { get; set; } = 90;

    public int[] Thresholds { get; set; } = [3, 5, 9];

    /// <summary>Days from the crossing by which the intervention meeting should be held.</summary>
    public int MeetingDueDays { get; set; } = 10;
}

/// <summary>
/// An intervention meeting a child needs because their episodes crossed a repeat-missing threshold (issue #4 §1):
/// raised once per crossing, then recorded as held.
/// </summary>
public sealed class InterventionMeeting : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    /// <summary>The threshold crossed: 3, 5 or 9 episodes in the window.</summary>
    public int Level { get; set; }

    /// <summary>The London start date of the episode that crossed the threshold: the meeting is due, and counted in
    /// the returns, from here.</summary>
    public LocalDate CrossedOn { get; set; }

    /// <summary>The London date Beacon raised the meeting: usually the day the crossing episode was notified (police
    /// notify after the return, so often after <see cref="CrossedOn"/>); later when the episodes that make the crossing
    /// arrived late or out of order (issue #22, <see cref="IsRaisedLate"/>).</summary>
    public LocalDate RaisedOn { get; set; }

    /// <summary>Raised late: after the London day the service received the notification of the crossing episode, so
    /// episodes that arrived late or out of order completed the window. A crossing raised the day its own episode was
    /// notified is on time, however long after the episode started (its due date still counts from the crossing).</summary>
    public static bool IsRaisedLate(LocalDate raisedOn, Instant triggerNotifiedAt) =>
        raisedOn > Beacon.Domain.Missing.ChildAge.DateOf(triggerNotifiedAt);

    public Guid TriggerEpisodeId { get; set; }

    public LocalDate DueOn { get; set; }

    /// <summary><c>needed</c> or <c>held</c>.</summary>
    public required string Status { get; set; }

    public LocalDate? HeldOn { get; set; }

    public string? Chair { get; set; }

    /// <summary>Attendees by agency (one per line).</summary>
    public string? Attendees { get; set; }

    public string? RisksDiscussed { get; set; }

    /// <summary>Actions agreed, each with its owner and due date (one per line).</summary>
    public string? Actions { get; set; }

    public LocalDate? NextReviewOn { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// An action agreed at an intervention meeting (issue #4 §1: "actions with owner and due date"), tracked until done so
/// overdue actions can be listed. Status is <c>open</c>, <c>done</c> (with an outcome) or <c>cancelled</c> (with a reason).
/// </summary>
public sealed class MeetingAction : IChildRecord
{
    public const string Open = "open";
    public const string Done = "done";
    public const string Cancelled = "cancelled";

    public Guid Id { get; set; }

    public Guid MeetingId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string Description { get; set; }

    /// <summary>The agency that owns the action (e.g. "Police – missing persons coordinator").</summary>
    public required string OwnerAgency { get; set; }

    /// <summary>The named person, when the meeting gave one.</summary>
    public string? OwnerName { get; set; }

    public LocalDate DueOn { get; set; }

    public required string Status { get; set; }

    public LocalDate? ClosedOn { get; set; }

    /// <summary>What was done, or why the action was cancelled.</summary>
    public string? Outcome { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>One version of a child's safety and support plan (issue #19 §2). Each save adds a version; older versions
/// are kept and readable, and only the newest is <see cref="IsCurrent"/>. The lists (risks, what keeps me safe, trusted
/// adults, places to avoid) are kept one item a line.</summary>
public sealed class SafetyPlan : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public int Version { get; set; }

    public bool IsCurrent { get; set; }

    public string? Risks { get; set; }

    public string? KeepsMeSafe { get; set; }

    public string? TrustedAdults { get; set; }

    public string? PlacesToAvoid { get; set; }

    public LocalDate? ReviewOn { get; set; }

    public required string SavedBy { get; set; }

    public Instant SavedAt { get; set; }
}

/// <summary>An action agreed in one version of a safety plan: what, the agency (organisation) that owns it, when it is
/// due and when it was done. Each version keeps its own copy.</summary>
public sealed class SafetyPlanAction : IChildRecord
{
    public Guid Id { get; set; }

    public Guid PlanId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public int Position { get; set; }

    public required string Action { get; set; }

    public Guid OwnerOrganisationId { get; set; }

    public LocalDate DueOn { get; set; }

    public LocalDate? DoneOn { get; set; }

    /// <summary>Copied from the plan, so the owner's list of overdue actions reads only current versions.</summary>
    public bool IsCurrent { get; set; }
}

using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>The family plan around a child (issue #19 §4): goals set together with their progress over time, and the
/// family's involvement in sessions. Anyone who may see the child reads it (audited); the provider's caseworkers write.</summary>
public sealed class FamilyPlanModel(FamilyPlans plans) : PageModel
{
    public FamilyPlanView? Plan { get; private set; }

    public bool MayWrite => Policies.IsProviderCaseworker(User);

    [BindProperty]
    public string? Goal { get; set; }

    [BindProperty]
    public string? Measure { get; set; }

    [BindProperty]
    public Guid GoalId { get; set; }

    [BindProperty]
    public string? ProgressOn { get; set; }

    [BindProperty]
    public string? Progress { get; set; }

    [BindProperty]
    public string? ProgressNote { get; set; }

    [BindProperty]
    public Guid SessionId { get; set; }

    [BindProperty]
    public List<Guid> MemberIds { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostGoalAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, () => plans.AddGoalAsync(id, Goal, Measure, cancellationToken), "goals", cancellationToken);

    public Task<IActionResult> OnPostProgressAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, () => plans.RecordProgressAsync(id, GoalId, ProgressOn, Progress, ProgressNote, cancellationToken), "goals", cancellationToken);

    public Task<IActionResult> OnPostInvolvementAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(id, () => plans.SetInvolvementAsync(id, SessionId, MemberIds, cancellationToken), "sessions", cancellationToken);

    private async Task<IActionResult> ChangeAsync(Guid id, Func<Task<IReadOnlyList<Infrastructure.Csv.FieldError>>> change, string anchor, CancellationToken cancellationToken) =>
        !MayWrite ? Forbid() : await this.AfterPostAsync(await change(), $"/children/{id}/family-plan#{anchor}", () => LoadAsync(id, cancellationToken), "child");

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Plan = await plans.OpenAsync(id, "family-plan-page", cancellationToken);
        return Plan is not null;
    }
}

using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>Writing or updating a child's safety and support plan (issue #19 §2): the provider's caseworkers, for a child
/// they may see (404 otherwise). Each save is a new version; the form starts from the current one, with three empty
/// action rows.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class EditModel(SafetyPlans plans) : PageModel
{
    public const int EmptyRows = 3;

    public SafetyPlanRecord? Record { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> Owners { get; private set; } = [];

    [BindProperty]
    public int BasedOn { get; set; }

    [BindProperty]
    public string? Risks { get; set; }

    [BindProperty]
    public string? KeepsMeSafe { get; set; }

    [BindProperty]
    public string? TrustedAdults { get; set; }

    [BindProperty]
    public string? PlacesToAvoid { get; set; }

    [BindProperty]
    public string? ReviewOn { get; set; }

    [BindProperty]
    public List<PlanActionInput> Actions { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Record!.Plan is { } p)
        {
            (BasedOn, Risks, KeepsMeSafe, TrustedAdults, PlacesToAvoid) = (p.Version, Join(p.Risks), Join(p.KeepsMeSafe), Join(p.TrustedAdults), Join(p.PlacesToAvoid));
            ReviewOn = p.ReviewOn?.ToString("d/M/yyyy", null);
            Actions = [.. p.Actions.Select(a => new PlanActionInput(a.Action, a.OwnerCode, a.DueOn.ToString("d/M/yyyy", null), a.DoneOn?.ToString("d/M/yyyy", null)))];
        }

        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var errors = await plans.SaveAsync(id, new SafetyPlanInput(Risks, KeepsMeSafe, TrustedAdults, PlacesToAvoid, ReviewOn, Actions, BasedOn), cancellationToken);
        return await this.AfterPostAsync(errors, $"/children/{id}/safety-plan", async () =>
        {
            var found = await LoadAsync(id, cancellationToken);
            Pad();
            return found;
        }, "child");
    }

    private static string Join(IReadOnlyList<string> lines) => string.Join('\n', lines);

    private void Pad()
    {
        Actions = [.. Actions.Take(SafetyPlans.MaxActions)];
        while (Actions.Count < SafetyPlans.MaxActions && Actions.Count(a => string.IsNullOrWhiteSpace(a.Action) && string.IsNullOrWhiteSpace(a.Owner)) < EmptyRows)
        {
            Actions.Add(new PlanActionInput(null, null, null, null));
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Record = await plans.OpenAsync(id, null, "edit-page", cancellationToken);
        Owners = await plans.OwnersAsync(cancellationToken);
        return Record is not null;
    }
}

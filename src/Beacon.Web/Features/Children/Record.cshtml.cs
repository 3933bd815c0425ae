using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Children;

/// <summary>A child's record. Opening it is audited; a record the user may not see is a 404 (and audited as denied).</summary>
public sealed class ChildRecordModel(ChildRecords records, Beacon.Web.Infrastructure.Security.CurrentActor actor, Outcomes.OutcomeReadings outcomes, SupportPlans.FamilyPlans families) : PageModel
{
    public ChildDetail? Child { get; private set; }

    /// <summary>The outcome readings (issue #19 §1): the star of the latest over the first shows on the record.</summary>
    public Outcomes.OutcomeHistory? Outcomes { get; private set; }

    /// <summary>The family's goals and progress (issue #19 §4), for those who may see the child.</summary>
    public IReadOnlyList<SupportPlans.FamilyGoalView> FamilyGoals { get; private set; } = [];

    [BindProperty]
    public string? LocalAuthorityChildId { get; set; }

    public bool MayEditCouncilId => Child is not null && (Policies.IsProviderCaseworker(User) || Child.ResponsibleAuthorityId == actor.OrganisationId);

    public async Task<IActionResult> OnPostCouncilIdAsync(Guid id, CancellationToken cancellationToken)
    {
        var problem = await records.SetLocalAuthorityChildIdAsync(id, LocalAuthorityChildId, Policies.IsProviderCaseworker(User), actor.OrganisationId, cancellationToken);
        if (problem == "Not found")
        {
            return NotFound();
        }

        if (problem is null)
        {
            return RedirectToPage(new { id });
        }

        ModelState.AddModelError(nameof(LocalAuthorityChildId), problem);
        return await OnGetAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (actor.Scope.Kind == Beacon.Domain.Access.ScopeKind.MatchedChildren)
        {
            return Redirect($"/mentees/{id}"); // a mentor sees only what mentoring needs (docs/decisions/0022)
        }

        // One audited read for the page: the entry names what the page shows (the record, its outcome readings and the
        // family plan), so a busy caseload is not three audit appends a view; the readings and goals are loaded only when
        // the child has some (issue #21 §4).
        var opened = await records.OpenRecordAsync(id, "record-page (record, outcomes, family plan)", cancellationToken);
        if (opened is null)
        {
            return NotFound();
        }

        Child = opened.Detail;
        var name = $"{Child.GivenName} {Child.FamilyName}";
        Outcomes = opened.HasOutcomeReadings ? await outcomes.LoadAsync(id, name, Child.Reference, cancellationToken) : null;
        FamilyGoals = opened.HasFamilyGoals ? await families.GoalsAsync(id, cancellationToken) : [];
        return Page();
    }
}

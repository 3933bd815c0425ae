using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>A child's safety and support plan (issue #19 §2): the current version or, with <c>?version=</c>, an older
/// one, and the list of versions. For anyone who may see the child (the responsible council included); audited.</summary>
public sealed class PlanModel(SafetyPlans plans) : PageModel
{
    public SafetyPlanRecord? Record { get; private set; }

    [FromQuery(Name = "version")]
    public int? Version { get; set; }

    public bool MayEdit => Policies.IsProviderCaseworker(User);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Record = await plans.OpenAsync(id, Version, "plan-page", cancellationToken);
        return Record is null ? NotFound() : Page();
    }
}

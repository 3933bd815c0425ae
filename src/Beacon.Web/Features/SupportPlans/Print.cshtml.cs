using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>The print view of a child's safety and support plan (issue #19 §2): the plan alone, laid out for A4 by the
/// print stylesheet. For anyone who may see the child; audited; 404 when there is no such plan.</summary>
public sealed class PrintModel(SafetyPlans plans) : PageModel
{
    public SafetyPlanRecord? Record { get; private set; }

    [FromQuery(Name = "version")]
    public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Record = await plans.OpenAsync(id, Version, "print-page", cancellationToken);
        return Record?.Plan is null ? NotFound() : Page();
    }
}

using Beacon.Web.Features.ReturnInterviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Sharing;

/// <summary>The print-ready summary of a completed RHI, for the provider, the responsible authority and the police.
/// Anyone who may see the child may open it; opening it is audited and marks it received.</summary>
public sealed class SummaryModel(ReturnInterviewWork work) : PageModel
{
    public RhiSummary? Summary { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Summary = await work.SummaryAsync(id, "page", cancellationToken);
        return Summary is null ? NotFound() : Page();
    }
}

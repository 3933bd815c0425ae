using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Outcomes;

/// <summary>A child's outcome readings (issue #19 §1): the star of the latest reading over the first, a line per life
/// area over time, each with its table, and every reading. For anyone who may see the child; audited.</summary>
public sealed class ReadingsModel(OutcomeReadings readings) : PageModel
{
    public OutcomeHistory? History { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        History = await readings.OpenAsync(id, "outcomes-page", cancellationToken);
        return History is null ? NotFound() : Page();
    }
}

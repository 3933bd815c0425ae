using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Children;

/// <summary>A child's record. Opening it is audited; a record the user may not see is a 404 (and audited as denied).</summary>
public sealed class ChildRecordModel(ChildRecords records) : PageModel
{
    public ChildDetail? Child { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Child = await records.OpenAsync(id, "record-page", cancellationToken);
        return Child is null ? NotFound() : Page();
    }
}

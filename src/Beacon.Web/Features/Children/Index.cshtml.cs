using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Children;

public sealed class ChildrenIndexModel(ChildRecords records) : PageModel
{
    public const int Size = 25;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public int PageSize => Size;

    public IReadOnlyList<ChildSummary> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(PageNumber, 1);
        (Rows, Total) = await records.SearchAsync(Q, PageNumber, Size, cancellationToken);
    }
}

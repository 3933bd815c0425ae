using Beacon.Web.Infrastructure.Input;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Children;

public sealed class ChildrenIndexModel(ChildRecords records) : PageModel
{
    public const int Size = 25;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public int PageNumber { get; private set; } = 1;

    public int PageSize => Size;

    public IReadOnlyList<ChildSummary> Rows { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary><paramref name="page"/> from the query only: Razor Pages' own "page" route value (the page's path) would
    /// otherwise win, and every page number would show the first page.</summary>
    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken cancellationToken)
    {
        PageNumber = page ?? 1;
        if (Paging.Problem(PageNumber, Size) is { } problem)
        {
            HttpContext.Items[InputRules.PageProblemKey] = problem.Message;
            return BadRequest();
        }

        (Rows, Total) = await records.SearchAsync(Q, PageNumber, Size, cancellationToken);
        return Page();
    }
}

using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Missing;

/// <summary>The user's notification imports, newest first (issue #17 §2): each run's file, force, status and counts,
/// linking to its report. Only the uploader's own runs (the database filter); no child is named.</summary>
public sealed class ImportRunsModel(BeaconDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public ListPage<ImportRunItem> List { get; private set; } = ListPage<ImportRunItem>.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ListRequest.From(HttpContext) is not { } list)
        {
            return BadRequest();
        }

        List = await ImportRunList.Sorts.PageAsync(ImportRunList.Query(db, Status), list, ImportRunList.PageSize, cancellationToken);
        return Page();
    }
}

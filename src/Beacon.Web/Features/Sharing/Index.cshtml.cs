using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Sharing;

/// <summary>Return interview summaries shared with the user's organisation (a council or police force), newest first;
/// <c>?show=new</c> only those nobody there has opened. Audited once with the summaries shown.</summary>
public sealed class SummariesModel(BeaconDbContext db, CurrentActor actor, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public ListPage<SharedSummaryItem> List { get; private set; } = ListPage<SharedSummaryItem>.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ListRequest.From(HttpContext) is not { } list)
        {
            return BadRequest();
        }

        List = await SharedSummaries.Sorts.PageAsync(SharedSummaries.Query(db, actor.OrganisationId, Show == "new"), list, SharedSummaries.PageSize, cancellationToken);
        await audit.RecordListAsync("RhiShare", $"new only: {Show == "new"}; sort: {List.Sort}; page: {List.PageNumber}", List.Rows.Select(r => $"{r.ChildId}/{r.ReturnInterviewId}"), cancellationToken);
        return Page();
    }
}

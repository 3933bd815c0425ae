using Beacon.Web.Infrastructure.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>The RHI work list: open interviews, soonest due first, by state, assignee and locality.</summary>
public sealed class WorkListModel(ReturnInterviewWork work) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Assigned { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Locality { get; set; }

    public ListPage<WorkListRow> List { get; private set; } = ListPage<WorkListRow>.Empty;

    /// <summary>Who work can be allocated to (managers filter by worker).</summary>
    public IReadOnlyList<(Guid Id, string Name)> Workers { get; private set; } = [];

    public IReadOnlyList<string> Localities { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ListRequest.From(HttpContext) is not { } list)
        {
            return BadRequest();
        }

        Workers = work.MayAllocate ? await work.AllocatableAsync(cancellationToken) : [];
        Localities = await work.LocalitiesAsync(cancellationToken);
        List = await work.WorkListAsync(State, Assigned, Locality, list, ReturnInterviewWork.WorkListPageSize, cancellationToken);
        return Page();
    }
}

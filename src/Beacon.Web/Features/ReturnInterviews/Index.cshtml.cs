using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>The RHI work list: open interviews, soonest due first, by state, assignee and locality.</summary>
public sealed class WorkListModel(ReturnInterviewWork work, BeaconDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Assigned { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Locality { get; set; }

    public IReadOnlyList<WorkListRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> Localities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Localities = await db.Areas.Where(a => a.Locality != null).Select(a => a.Locality!).Distinct().OrderBy(l => l).ToListAsync(cancellationToken);
        Rows = await work.WorkListAsync(State, Assigned, Locality, cancellationToken);
    }
}

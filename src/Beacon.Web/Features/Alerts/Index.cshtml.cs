using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Alerts;

/// <summary>The notification centre: the user's alerts, unread first; opening one marks it read.</summary>
public sealed class AlertsModel(AlertCentre alerts, Infrastructure.Auditing.AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    public const int PageSize = 50;

    public Infrastructure.Lists.ListPage<Alert> List { get; private set; } = Infrastructure.Lists.ListPage<Alert>.Empty;

    public IReadOnlyDictionary<Guid, AlertSubjects.Subject> Subjects { get; private set; } = new Dictionary<Guid, AlertSubjects.Subject>();

    /// <summary>A page of the user's alerts, each saying which child it is about where the user may see the child (the
    /// children named are audited, as every list is).</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Infrastructure.Lists.ListRequest.From(HttpContext) is not { } list)
        {
            return BadRequest();
        }

        List = await alerts.PageAsync(Unread, list, PageSize, cancellationToken);
        Subjects = await alerts.SubjectsAsync(List.Rows, cancellationToken);
        if (Subjects.Count > 0)
        {
            await audit.RecordListAsync("Alert", $"children named; page: {List.PageNumber}", Subjects.Values.Select(s => s.ChildId.ToString()).Distinct(), cancellationToken);
        }

        return Page();
    }

    /// <summary>Marks the alert read and goes to what it is about (a path inside Beacon only).</summary>
    public async Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken cancellationToken)
    {
        var link = await alerts.MarkReadAsync(id, cancellationToken);
        return link is not null && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) ? LocalRedirect(link) : NotFound();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        var count = await alerts.MarkAllReadAsync(cancellationToken);
        TempData["Done"] = count == 1 ? "1 alert marked as read" : $"{count} alerts marked as read";
        return RedirectToPage();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Alerts;

/// <summary>The notification centre: the user's alerts, unread first; opening one marks it read.</summary>
public sealed class AlertsModel(AlertCentre alerts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    public IReadOnlyList<Alert> Alerts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Alerts = await alerts.ListAsync(Unread, cancellationToken: cancellationToken);

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

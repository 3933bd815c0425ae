using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Alerts;

/// <summary>The user's team area (for new-notification alerts) and which alerts also come by email.</summary>
public sealed class AlertPreferencesModel(AlertCentre alerts, BeaconDbContext db, IOptions<AlertOptions> options) : PageModel
{
    [BindProperty]
    public string? Locality { get; set; }

    [BindProperty]
    public List<string> EmailKinds { get; set; } = [];

    public IReadOnlyList<string> Localities { get; private set; } = [];

    public bool EmailConfigured => options.Value.EmailConfigured;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        (Locality, var kinds) = await alerts.PreferencesAsync(cancellationToken);
        EmailKinds = [.. kinds];
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        foreach (var error in await alerts.SavePreferencesAsync(Locality, EmailKinds, cancellationToken))
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Done"] = "Your alert choices have been saved";
        return RedirectToPage("/Alerts/Index");
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Localities = await db.Areas.Where(a => a.Locality != null).Select(a => a.Locality!).Distinct().OrderBy(l => l).ToListAsync(cancellationToken);
}

using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Outcomes;

/// <summary>Administrators publish a new version of the outcome framework (issue #19 §1) — edited as JSON, checked
/// before it is published, audited. Earlier versions stay for the readings taken on them.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class FrameworkModel(BeaconDbContext db, OutcomeFrameworks frameworks, AuditLog audit) : PageModel
{
    public IReadOnlyList<OutcomeFrameworkVersion> Versions { get; private set; } = [];

    [BindProperty]
    public string? Definition { get; set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Definition = Versions[0].Definition;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (version, problems) = await frameworks.PublishAsync(Definition ?? string.Empty, User.Identity?.Name ?? "administrator");
        if (version is null)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(nameof(Definition), problem);
            }

            await LoadAsync();
            return Page();
        }

        await audit.RecordAsync("publish", "OutcomeFramework", version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Redirect("/admin/outcome-framework");
    }

    private async Task LoadAsync() => Versions = await db.Set<OutcomeFrameworkVersion>().AsNoTracking().OrderByDescending(t => t.Version).ToListAsync();
}

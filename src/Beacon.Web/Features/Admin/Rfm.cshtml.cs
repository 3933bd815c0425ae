using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Admin;

/// <summary>Administrators publish a new version of the Risk Factor Matrix (issue #5 §1) — edited as JSON, checked
/// before it is published, audited. Earlier versions stay for the referrals answered on them.</summary>
public sealed class RfmModel(BeaconDbContext db, RfmTemplates templates, AuditLog audit) : PageModel
{
    public IReadOnlyList<RfmTemplateVersion> Versions { get; private set; } = [];

    [BindProperty]
    public string? Definition { get; set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Definition = Versions[0].Definition;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (version, problems) = await templates.PublishAsync(Definition ?? string.Empty, User.Identity?.Name ?? "administrator");
        if (version is null)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(nameof(Definition), problem);
            }

            await LoadAsync();
            return Page();
        }

        await audit.RecordAsync("publish", "RfmTemplate", version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Redirect("/admin/rfm");
    }

    private async Task LoadAsync() => Versions = await db.RfmTemplates.AsNoTracking().OrderByDescending(t => t.Version).ToListAsync();
}

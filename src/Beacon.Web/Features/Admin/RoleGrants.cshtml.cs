using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Admin;

/// <summary>Role grants waiting for a second administrator (issue #16 §7): approve or refuse.</summary>
public sealed class RoleGrantsModel(BeaconDbContext db, UserAdministration admin) : PageModel
{
    public sealed record Row(Guid Id, Guid UserId, string DisplayName, string Email, string Roles, string RequestedBy, NodaTime.Instant RequestedAt);

    public IReadOnlyList<Row> Waiting { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(Guid id, bool approve)
    {
        var result = await admin.DecideGrantAsync(id, approve);
        if (result.Succeeded)
        {
            return RedirectToPage();
        }

        foreach (var (field, message) in result.Errors)
        {
            ModelState.AddModelError(field, message);
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Waiting = await db.PendingRoleGrants.AsNoTracking().Where(g => g.Approved == null)
        .Join(db.Users, g => g.UserId, u => u.Id, (g, u) => new Row(g.Id, u.Id, u.DisplayName, u.Email!, g.Roles, g.RequestedBy, g.RequestedAt))
        .ToListAsync();
}

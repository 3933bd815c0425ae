using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Admin;

public sealed class EditUserModel(UserAdministration admin, UserManager<BeaconUser> users, IClock clock) : PageModel
{
    public BeaconUser Target { get; private set; } = null!;

    public bool Locked { get; private set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    [BindProperty]
    public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id, loadRoles: true) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRolesAsync(Guid id) => await Handle(id, admin.SetRolesAsync(id, Roles));

    public async Task<IActionResult> OnPostLockAsync(Guid id, bool locked) => await Handle(id, admin.SetLockedAsync(id, locked));

    public async Task<IActionResult> OnPostPasswordAsync(Guid id) => await Handle(id, admin.ResetPasswordAsync(id, Password ?? string.Empty));

    private async Task<IActionResult> Handle(Guid id, Task<AdminResult> action)
    {
        var result = await action;
        if (result.Succeeded)
        {
            return result.Pending ? Redirect("/admin/role-grants") : RedirectToPage(new { id });
        }

        foreach (var (field, message) in result.Errors)
        {
            ModelState.AddModelError(field, message);
        }

        return await LoadAsync(id, loadRoles: false) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, bool loadRoles)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return false;
        }

        Target = user;
        Locked = user.LockoutEnd > clock.GetCurrentInstant().ToDateTimeOffset();
        if (loadRoles)
        {
            Roles = [.. await users.GetRolesAsync(user)];
        }

        return true;
    }
}

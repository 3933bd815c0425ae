using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Admin;

public sealed class NewUserModel(UserAdministration admin, BeaconDbContext db) : PageModel
{
    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? OrganisationCode { get; set; }

    [BindProperty]
    public string? Team { get; set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    [BindProperty]
    public string? Password { get; set; }

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public async Task OnGetAsync() => Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await admin.CreateAsync(new CreateUserCommand(Email ?? string.Empty, DisplayName ?? string.Empty, OrganisationCode ?? string.Empty, Roles, Password ?? string.Empty, Team));
        if (result.Succeeded)
        {
            return result.Pending ? Redirect("/admin/role-grants") : Redirect($"/admin/users/{result.User!.Id}");
        }

        foreach (var (field, message) in result.Errors)
        {
            ModelState.AddModelError(field, message);
        }

        await OnGetAsync();
        return Page();
    }
}

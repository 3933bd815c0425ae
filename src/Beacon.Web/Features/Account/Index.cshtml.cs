using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Account;

public sealed class AccountModel(UserManager<BeaconUser> users, BeaconDbContext db) : PageModel
{
    public BeaconUser Me { get; private set; } = null!;

    public string OrganisationName { get; private set; } = string.Empty;

    public IList<string> Roles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Me = (await users.GetUserAsync(User))!;
        OrganisationName = await db.Organisations.Where(o => o.Id == Me.OrganisationId).Select(o => o.Name).SingleAsync();
        Roles = await users.GetRolesAsync(Me);
        return Page();
    }
}

using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Admin;

public sealed record UserRow(Guid Id, string DisplayName, string Email, string Organisation, IReadOnlyList<string> Roles, bool Locked, bool IsDemo);

public sealed class UsersModel(BeaconDbContext db, IClock clock) : PageModel
{
    public IReadOnlyList<UserRow> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var now = clock.GetCurrentInstant().ToDateTimeOffset();
        var users = await db.Users.AsNoTracking().Include(u => u.Organisation).OrderBy(u => u.DisplayName).ToListAsync();
        var roles = await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync();
        Rows = users.Select(u => new UserRow(u.Id, u.DisplayName, u.Email!, u.Organisation!.Name,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).ToList(), u.LockoutEnd > now, u.IsDemo)).ToList();
    }
}

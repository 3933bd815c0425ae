using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Account;

/// <summary>
/// Signs the person out everywhere: a new security stamp makes every copy of their session cookie (this browser's, a
/// copied one, another device's) fail validation on its next request, on any instance (docs/decisions/0005).
/// </summary>
[AllowAnonymous]
public sealed class SignOutModel(SignInManager<BeaconUser> signIn, UserManager<BeaconUser> users, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            await audit.RecordAsync("sign-out", "User", user.Id.ToString());
        }

        await signIn.SignOutAsync();
        return Redirect("/account/sign-in?signed-out=true");
    }
}

using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Account;

/// <summary>A person changes their own password: needs the current one; ends their other sessions (new security stamp)
/// and revokes their API tokens (docs/decisions/0005).</summary>
public sealed class PasswordModel(UserManager<BeaconUser> users, SignInManager<BeaconUser> signIn, AccountSecurity security, AuditLog audit) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        var result = await security.ConfirmsPasswordAsync(user, CurrentPassword)
            ? await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword ?? string.Empty)
            : IdentityResult.Failed(users.ErrorDescriber.PasswordMismatch());
        CurrentPassword = NewPassword = null;
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(CurrentPassword) : nameof(NewPassword),
                    error.Code == "PasswordMismatch" ? "Enter your current password" : error.Description);
            }

            await audit.RecordAsync("password-change", "User", user.Id.ToString(), "denied");
            return Page();
        }

        await security.RevokeTokensAsync(user.Id);
        await audit.RecordAsync("password-change", "User", user.Id.ToString());
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage("/Account/Index");
    }
}

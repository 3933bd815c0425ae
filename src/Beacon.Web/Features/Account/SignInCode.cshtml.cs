using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Web.Features.Account;

/// <summary>Second step of sign-in for users with an authenticator app (TOTP).</summary>
[AllowAnonymous]
[EnableRateLimiting(BeaconWebApp.SignInLimiter)]
public sealed class SignInCodeModel(SignInManager<BeaconUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var code = (Code ?? string.Empty).Replace(" ", string.Empty).Replace("-", string.Empty);
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            await audit.RecordAsync("sign-in", "User", user?.Id.ToString(), "denied", "security code not 6 digits");
            ModelState.AddModelError(nameof(Code), "Enter the 6-digit security code");
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            if (user is not null)
            {
                HttpContext.User = await signIn.CreateUserPrincipalAsync(user); // the audit entry names the person
            }

            await audit.RecordAsync("sign-in", "User", user?.Id.ToString(), details: "password and security code");
            return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        await audit.RecordAsync("sign-in", "User", user?.Id.ToString(), result.IsLockedOut ? "locked-out" : "denied", "security code");

        ModelState.AddModelError(nameof(Code), result.IsLockedOut ? "Your account is locked. Try again in 15 minutes." : "The security code is not correct or has expired");
        return Page();
    }
}

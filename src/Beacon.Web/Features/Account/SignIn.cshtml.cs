using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Web.Features.Account;

[AllowAnonymous]
[EnableRateLimiting(BeaconWebApp.SignInLimiter)]
public sealed class SignInModel(SignInManager<BeaconUser> signIn, UserManager<BeaconUser> users, AuditLog audit) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true, Name = "signed-out")]
    public bool SignedOut { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), "Enter your email address");
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter your password");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Email!.Trim());
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl());
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/SignInCode", new { ReturnUrl = SafeReturnUrl() });
        }

        await audit.RecordAsync("sign-in", "User", user?.Id.ToString(), result.IsLockedOut ? "locked-out" : "denied");
        ModelState.AddModelError(nameof(Email), result.IsLockedOut
            ? "Your account is locked after too many failed attempts. Try again in 15 minutes or ask your administrator."
            : "Enter a correct email address and password");
        return Page();
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}

using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Account;

/// <summary>Turns TOTP two-factor sign-in on (after proving a code) or off. Either needs the person's password (or, to
/// turn it off, a current code) in the same request (docs/decisions/0005).</summary>
public sealed class TwoFactorModel(UserManager<BeaconUser> users, SignInManager<BeaconUser> signIn, AccountSecurity security, AuditLog audit) : PageModel
{
    public bool Enabled { get; private set; }

    public string Key { get; private set; } = string.Empty;

    public string AuthenticatorUri { get; private set; } = string.Empty;

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        var code = (Code ?? string.Empty).Replace(" ", string.Empty);
        if (!await security.ConfirmsPasswordAsync(user, CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), "Enter your current password");
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "The code is not correct. Enter the 6-digit code your app shows now");
        }

        if (!ModelState.IsValid)
        {
            await audit.RecordAsync("two-factor-on", "User", user.Id.ToString(), "denied");
            await LoadAsync();
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.RecordAsync("two-factor-on", "User", user.Id.ToString());
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage("/Account/Index");
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        if (!await security.ConfirmsAsync(user, CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), "Enter your current password, or the code your authenticator app shows now");
            await audit.RecordAsync("two-factor-off", "User", user.Id.ToString(), "denied");
            await LoadAsync();
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync("two-factor-off", "User", user.Id.ToString());
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage("/Account/Index");
    }

    private async Task LoadAsync()
    {
        CurrentPassword = null;
        var user = (await users.GetUserAsync(User))!;
        Enabled = user.TwoFactorEnabled;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user); // a new key changes the security stamp: keep this session
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        Key = string.Join(" ", key!.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        AuthenticatorUri = $"otpauth://totp/Beacon:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=Beacon&digits=6";
    }
}

using Beacon.Web.Features.SingleSignOn;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Account;

/// <summary>
/// Signs the person out everywhere: a new security stamp makes every copy of their session cookie (this browser's, a
/// copied one, another device's) fail validation on its next request, on any instance (docs/decisions/0005). A person
/// signed in by their organisation's identity provider is then sent to end that session too, where it can (ADR 17).
/// </summary>
[AllowAnonymous]
public sealed class SignOutModel(SignInManager<BeaconUser> signIn, UserManager<BeaconUser> users, AuditLog audit, ILogger<SignOutModel> logger) : PageModel
{
    private const string SignedOut = "/account/sign-in?signed-out=true";

    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        var upstream = await SsoSignOut.UpstreamSchemeAsync(User, HttpContext.RequestServices, logger, HttpContext.RequestAborted);
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            await audit.RecordAsync("sign-out", "User", user.Id.ToString(), details: upstream is null ? null : $"identity provider session ended too ({upstream})");
        }

        await signIn.SignOutAsync();
        // The provider's handler reads the id token from this request's (already validated) session, then redirects.
        return upstream is null ? Redirect(SignedOut) : SignOut(new AuthenticationProperties { RedirectUri = SignedOut }, upstream);
    }
}

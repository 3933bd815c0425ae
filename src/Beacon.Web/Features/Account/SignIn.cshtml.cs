using Beacon.Web.Features.SingleSignOn;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Account;

/// <summary>
/// Sign-in (docs/decisions/0005, issue #16 §9): the same work and the same answer whether or not the email is an account,
/// or the account is locked; failed passwords never lock the account, they make that address wait (SignInThrottle).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(BeaconWebApp.SignInLimiter)]
public sealed class SignInModel(SignInManager<BeaconUser> signIn, UserManager<BeaconUser> users, AccountSecurity security, SignInThrottle throttle, AuditLog audit, BeaconDbContext db, IOptions<SsoOptions> sso) : PageModel
{
    public const string Refused = "Enter a correct email address and password";

    public const string Waiting = "Too many failed attempts for this email address from your network. Wait 15 minutes and try again, or ask your Beacon administrator.";

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true, Name = "signed-out")]
    public bool SignedOut { get; set; }

    public const string SsoRefused = "Your organisation signed you in, but Beacon could not match you to a Beacon account. Ask your Beacon administrator.";

    /// <summary><c>refused</c> after a single sign-on that Beacon refused (the reason is in the audit log, not shown).</summary>
    [BindProperty(SupportsGet = true, Name = "sso")]
    public string? Sso { get; set; }

    /// <summary>Organisations whose staff may sign in with their own identity provider (ADR 17): code and name.</summary>
    public IReadOnlyList<(string Code, string Name)> SingleSignOn { get; private set; } = [];

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var codes = sso.Value.Configured.Select(o => o.Key).ToList();
        SingleSignOn = codes.Count == 0 ? [] : (await db.Organisations.AsNoTracking().Where(o => codes.Contains(o.Code) && o.IsActive).OrderBy(o => o.Name).Select(o => new { o.Code, o.Name }).ToListAsync())
            .Select(o => (o.Code, o.Name)).ToList();
        await next();
    }

    public void OnGet()
    {
        if (Sso == "refused")
        {
            ModelState.AddModelError("sso", SsoRefused);
        }
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

        var email = Email!.Trim();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (await throttle.IsBlockedAsync(email, address))
        {
            await audit.RecordAsync("sign-in", "User", null, "throttled");
            ModelState.AddModelError(nameof(Email), Waiting);
            return Page();
        }

        var user = await users.FindByEmailAsync(email);
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            await throttle.RecordSuccessAsync(email, address);
            HttpContext.User = await signIn.CreateUserPrincipalAsync(user!); // the audit entry names the person
            await audit.RecordAsync("sign-in", "User", user!.Id.ToString(), details: "password");
            return LocalRedirect(SafeReturnUrl());
        }

        if (result.RequiresTwoFactor)
        {
            // Not signed in yet: the security code page audits the sign-in, or the wrong code.
            await throttle.RecordSuccessAsync(email, address);
            return RedirectToPage("/Account/SignInCode", new { ReturnUrl = SafeReturnUrl() });
        }

        if (user is null || result.IsLockedOut || result.IsNotAllowed)
        {
            security.VerifyAgainstDummy(Password!); // Identity hashed nothing: do the same work a wrong password costs
        }

        await throttle.RecordFailureAsync(email, address);
        await audit.RecordAsync("sign-in", "User", user?.Id.ToString(), result.IsLockedOut ? "locked-out" : "denied");
        ModelState.AddModelError(nameof(Email), Refused);
        return Page();
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}

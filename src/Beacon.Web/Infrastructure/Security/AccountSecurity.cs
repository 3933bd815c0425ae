using System.Security.Claims;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Infrastructure.Security;

/// <summary>
/// Account-security rules of docs/decisions/0005: a sign-in cookie is checked against the user's security stamp on
/// every request (so sign-out, a password change or reset, a lock or a role change ends every session at once, on
/// every instance), and changes to how a person signs in need that person's password or a fresh two-factor code.
/// </summary>
public sealed class AccountSecurity(UserManager<BeaconUser> users, BeaconDbContext db, SignInThrottle throttle, IHttpContextAccessor http, IClock clock)
{
    /// <summary>
    /// True when <paramref name="confirmation"/> is the user's current password or, if two-factor sign-in is on, the
    /// code their authenticator app shows now. Proves the person (not just a cookie) is making the change. Wrong answers
    /// count as failed sign-ins (<see cref="SignInThrottle"/>), so a stolen session cannot be used to guess the password.
    /// </summary>
    public async Task<bool> ConfirmsAsync(BeaconUser user, string? confirmation)
    {
        var value = (confirmation ?? string.Empty).Trim();
        var address = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        if (value.Length == 0 || await throttle.IsBlockedAsync(user.Email!, address))
        {
            return false;
        }

        var code = value.Replace(" ", string.Empty, StringComparison.Ordinal);
        var confirmed = user.TwoFactorEnabled && code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : await users.CheckPasswordAsync(user, confirmation!);
        if (!confirmed)
        {
            await throttle.RecordFailureAsync(user.Email!, address);
        }

        return confirmed;
    }

    /// <summary>Like <see cref="ConfirmsAsync"/> but only the password will do (turning two-factor on).</summary>
    public async Task<bool> ConfirmsPasswordAsync(BeaconUser user, string? password)
    {
        var value = password ?? string.Empty;
        return value.Length > 0 && !(value.Length == 6 && value.All(char.IsAsciiDigit)) && await ConfirmsAsync(user, value);
    }

    private static string? dummyHash;

    /// <summary>
    /// Hashes the password against a hash of no account, so a sign-in attempt for an unknown email (or a locked or
    /// service account, which Identity refuses before hashing) costs the same as a wrong password (issue #16 §9).
    /// </summary>
    public void VerifyAgainstDummy(string password)
    {
        var nobody = new BeaconUser { DisplayName = "nobody" };
        dummyHash ??= users.PasswordHasher.HashPassword(nobody, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        users.PasswordHasher.VerifyHashedPassword(nobody, dummyHash, password);
    }

    /// <summary>Revokes every live API token of the user (password change or reset, lock, role removed).</summary>
    public async Task<int> RevokeTokensAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        return await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    /// <summary>
    /// Cookie validation on every request: the cookie's security stamp must be the user's current one and the account
    /// not locked. One small query per request; no interval, so a copied cookie stops working the moment the stamp
    /// changes, whichever instance serves it. Replaces Identity's interval-based validator, which would also re-issue
    /// the cookie on every request (and so keep a background-refreshing page's session alive).
    /// </summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        var valid = false;
        if (Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) && stamp is not null)
        {
            var now = services.GetRequiredService<IClock>().GetCurrentInstant().ToDateTimeOffset();
            var db = services.GetRequiredService<BeaconDbContext>();
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.SecurityStamp == stamp && !u.IsServiceAccount)
                .Select(u => new { u.LockoutEnd }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
            valid = user is not null && (user.LockoutEnd is null || user.LockoutEnd <= now);
        }

        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}

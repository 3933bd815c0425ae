using System.Security.Claims;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.SingleSignOn;

/// <summary>
/// Matches a person signed in by an organisation's identity provider to a Beacon user (issue #21 §1, ADR 17): by the
/// token's issuer and subject (a link in <c>user_logins</c>); the first time, by a verified email in a domain
/// configured for that organisation, which then links them. Never creates a user and never changes roles: the
/// resulting session is an ordinary Beacon session (security stamp, roles and organisation from Beacon). Every
/// sign-in, link and refusal is audited.
/// </summary>
public sealed class SsoSignIn(UserManager<BeaconUser> users, SignInManager<BeaconUser> signIn, BeaconDbContext db, AuditLog audit, IClock clock)
{
    /// <summary>The claim on a Beacon session that says which organisation's provider signed it in (for sign-out).</summary>
    public const string SchemeClaim = "beacon:sso_scheme";

    /// <summary>A Beacon principal for the person, or null after recording why they were refused.</summary>
    public async Task<ClaimsPrincipal?> SignInAsync(HttpContext http, string organisationCode, SsoOrganisationOptions options, ClaimsPrincipal external)
    {
        var issuer = external.FindFirstValue("iss");
        var subject = external.FindFirstValue("sub");
        var where = $"organisation={organisationCode}; issuer={issuer}; subject={subject}";
        if (string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(subject) || issuer.Length > 128 || subject.Length > 128)
        {
            return await RefuseAsync(null, where, "no usable issuer and subject");
        }

        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == organisationCode && o.IsActive);
        if (organisation is null)
        {
            return await RefuseAsync(null, where, "organisation not in Beacon");
        }

        var user = await users.FindByLoginAsync(issuer, subject);
        var link = false;
        if (user is null)
        {
            var email = external.FindFirstValue("email")?.Trim();
            where += $"; email={email}";
            var verified = options.EmailsVerifiedByProvider || string.Equals(external.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
            var domain = email?.Split('@') is [_, var d] ? d : null;
            if (email is null || domain is null)
            {
                return await RefuseAsync(null, where, "unknown subject and no email");
            }

            if (!verified)
            {
                return await RefuseAsync(null, where, "unknown subject and email not verified");
            }

            if (!options.EmailDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
            {
                return await RefuseAsync(null, where, "unknown subject and email domain not configured for the organisation");
            }

            user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                return await RefuseAsync(null, where, "unknown subject and no Beacon user with that email");
            }

            // A new subject claiming an email already linked from this issuer is another person (a reused address).
            if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == issuer))
            {
                return await RefuseAsync(user, where, "email already linked to another subject of this issuer");
            }

            link = true;
        }

        if (user.OrganisationId != organisation.Id)
        {
            return await RefuseAsync(user, where, "the user belongs to another organisation");
        }

        if ((user.LockoutEnd is { } end && end > clock.GetCurrentInstant().ToDateTimeOffset()) || !await signIn.CanSignInAsync(user))
        {
            return await RefuseAsync(user, where, "account locked or not allowed to sign in");
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SchemeClaim, SsoOptions.SchemeFor(organisationCode)));
        http.User = principal; // the audit entries name the person
        if (link)
        {
            var added = await users.AddLoginAsync(user, new UserLoginInfo(issuer, subject, organisationCode));
            if (!added.Succeeded)
            {
                http.User = new ClaimsPrincipal(new ClaimsIdentity());
                return await RefuseAsync(user, where, "could not link: " + string.Join(" ", added.Errors.Select(e => e.Code)));
            }

            await audit.RecordAsync("sso-link", "User", user.Id.ToString(), details: where + "; linked by verified email");
        }

        await audit.RecordAsync("sso-sign-in", "User", user.Id.ToString(), details: where);
        return principal;
    }

    /// <summary>Records a refusal the identity provider's handler found (wrong issuer, expired or tampered token,
    /// unreadable state, an error from the provider).</summary>
    public Task RecordFailureAsync(string organisationCode, string reason) =>
        audit.RecordAsync("sso-sign-in", "User", null, "denied", $"organisation={organisationCode}; reason={(reason.Length > 300 ? reason[..300] : reason)}");

    private async Task<ClaimsPrincipal?> RefuseAsync(BeaconUser? user, string where, string reason)
    {
        await audit.RecordAsync("sso-sign-in", "User", user?.Id.ToString(), "denied", $"{where}; reason={reason}");
        return null;
    }
}

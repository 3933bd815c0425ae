using System.Security.Claims;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Infrastructure.Security;

/// <summary>Adds the user's organisation (id, code, kind) and display name to their sign-in claims.</summary>
public sealed class BeaconClaimsFactory(UserManager<BeaconUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, BeaconDbContext db)
    : UserClaimsPrincipalFactory<BeaconUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(BeaconUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == user.OrganisationId);
        identity.AddClaim(new Claim(BeaconClaims.OrganisationId, organisation.Id.ToString()));
        identity.AddClaim(new Claim(BeaconClaims.OrganisationCode, organisation.Code));
        identity.AddClaim(new Claim(BeaconClaims.OrganisationKind, organisation.Kind.ToString()));
        identity.AddClaim(new Claim(BeaconClaims.DisplayName, user.DisplayName));
        return identity;
    }
}

/// <summary>Refuses sign-in to demo accounts when demo mode is off, and to service accounts always (tokens only).</summary>
public sealed class BeaconSignInManager(
    UserManager<BeaconUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<BeaconUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<BeaconUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<BeaconUser> confirmation,
    IOptions<BeaconOptions> beaconOptions)
    : SignInManager<BeaconUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(BeaconUser user)
    {
        if (user.IsServiceAccount || (user.IsDemo && !beaconOptions.Value.Demo.Enabled))
        {
            return false;
        }

        return await base.CanSignInAsync(user);
    }
}

/// <summary>
/// A strong-password rule beyond length (NCSC guidance: length over complexity, and no common or guessable passwords):
/// rejects passwords on a list of the most common ones, and ones containing the user's name or email.
/// </summary>
public sealed class GuessablePasswordValidator : IPasswordValidator<BeaconUser>
{
    private static readonly string[] Common =
    [
        "password", "passw0rd", "123456", "qwerty", "letmein", "welcome", "iloveyou", "admin", "monkey", "dragon",
        "football", "abc123", "trustno1", "sunshine", "princess", "baseball", "changeme", "beacon", "summer", "winter",
    ];

    public Task<IdentityResult> ValidateAsync(UserManager<BeaconUser> manager, BeaconUser user, string? password)
    {
        var lower = (password ?? string.Empty).ToLowerInvariant();
        var local = user.Email?.Split('@')[0].ToLowerInvariant();
        var problems = new List<IdentityError>();
        if (Common.Any(lower.Contains))
        {
            problems.Add(new IdentityError { Code = "Guessable", Description = "Password must not contain a common word such as 'password' or 'qwerty'." });
        }

        if (!string.IsNullOrEmpty(local) && local.Length >= 4 && lower.Contains(local, StringComparison.Ordinal))
        {
            problems.Add(new IdentityError { Code = "ContainsEmail", Description = "Password must not contain your email address." });
        }

        if (lower.Distinct().Count() < 5)
        {
            problems.Add(new IdentityError { Code = "Repetitive", Description = "Password must use at least 5 different characters." });
        }

        return Task.FromResult(problems.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. problems]));
    }
}

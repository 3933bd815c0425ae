using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Infrastructure.Security;

/// <summary>
/// Personal and service API tokens (docs/decisions/0005). A token is <c>bcn_{prefix}_{secret}</c>; Beacon stores the
/// prefix and the SHA-256 of the whole token, never the token itself, so it is shown once, at creation.
/// </summary>
public sealed class ApiTokenService(BeaconDbContext db, IClock clock)
{
    public const string Scheme = "ApiToken";

    public async Task<(ApiToken Token, string Secret)> IssueAsync(Guid userId, string name, Duration lifetime, CancellationToken cancellationToken = default)
    {
        var prefix = "bcn_" + RandomString(8);
        var secret = $"{prefix}_{RandomString(32)}";
        var now = clock.GetCurrentInstant();
        var token = new ApiToken { Id = Guid.NewGuid(), UserId = userId, Name = name, Prefix = prefix, SecretHash = Hash(secret), CreatedAt = now, ExpiresAt = now + lifetime };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    /// <summary>The user a presented token belongs to, or null if it is unknown, wrong, expired or revoked.</summary>
    public async Task<BeaconUser?> ValidateAsync(string presented, CancellationToken cancellationToken = default)
    {
        var parts = presented.Split('_');
        if (parts.Length != 3 || parts[0] != "bcn")
        {
            return null;
        }

        var prefix = $"bcn_{parts[1]}";
        var token = await db.ApiTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.Prefix == prefix, cancellationToken);
        var now = clock.GetCurrentInstant();
        if (token?.User is null || token.RevokedAt is not null || token.ExpiresAt <= now
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(token.SecretHash)))
        {
            return null;
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt.Value > Duration.FromMinutes(5))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return token.User;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string RandomString(int length)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}

/// <summary>Authenticates <c>Authorization: Bearer bcn_...</c> requests.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    IUserClaimsPrincipalFactory<BeaconUser> claimsFactory,
    UserManager<BeaconUser> users,
    IOptions<BeaconOptions> beaconOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var user = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null || await users.IsLockedOutAsync(user) || (user.IsDemo && !beaconOptions.Value.Demo.Enabled))
        {
            return AuthenticateResult.Fail("Invalid or expired API token.");
        }

        var principal = await claimsFactory.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"beacon\"";
        return Task.CompletedTask;
    }
}

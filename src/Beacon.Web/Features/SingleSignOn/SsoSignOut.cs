using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.SingleSignOn;

/// <summary>Ends the identity provider's session too, where it offers an end-session endpoint (ADR 17).</summary>
public static class SsoSignOut
{
    /// <summary>The origins of the configured providers, allowed as form targets by the Content-Security-Policy.</summary>
    public static IEnumerable<string> ProviderOrigins(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SsoOptions>>().Value.Configured
            .Select(o => Uri.TryCreate(o.Value.Authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>().Distinct();

    /// <summary>
    /// The scheme whose provider should end its session for this person, or null: they did not sign in by SSO, or the
    /// provider has no end-session endpoint on its own origin (the only one the Content-Security-Policy lets a form
    /// go to), or its discovery document cannot be read now (Beacon's session still ends).
    /// </summary>
    public static async Task<string?> UpstreamSchemeAsync(ClaimsPrincipal user, IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(SsoSignIn.SchemeClaim) is not { } scheme || SsoRegistration.OrganisationOf(scheme) is not { } code
            || services.GetRequiredService<IOptions<SsoOptions>>().Value.For(code) is not { } organisation)
        {
            return null;
        }

        try
        {
            var options = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(scheme);
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            return Uri.TryCreate(configuration.EndSessionEndpoint, UriKind.Absolute, out var endSession) && Uri.TryCreate(organisation.Authority, UriKind.Absolute, out var authority)
                && endSession.GetLeftPart(UriPartial.Authority) == authority.GetLeftPart(UriPartial.Authority) ? scheme : null;
        }
        catch (InvalidOperationException ex)
        {
            logger.LogWarning(ex, "The identity provider of {Organisation} could not be reached at sign-out; only the Beacon session was ended", code);
            return null;
        }
    }
}

using System.Threading.RateLimiting;
using Beacon.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.SingleSignOn;

/// <summary>
/// One OpenID Connect scheme per configured organisation (ADR 17): authorization code flow with PKCE, the token's
/// issuer checked against the provider's discovery document, and the person matched to a Beacon user by
/// <see cref="SsoSignIn"/> before any Beacon session exists. The schemes are added from configuration when the
/// scheme provider is first built, so settings from any source (environment, files, test hosts) are honoured.
/// </summary>
public static class SsoRegistration
{
    public static IServiceCollection AddBeaconSso(this IServiceCollection services)
    {
        services.AddOptions<SsoOptions>().BindConfiguration(SsoOptions.Section);
        services.AddScoped<SsoSignIn>();
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, SsoSchemeProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, ConfigureSsoScheme>();
        return services;
    }

    /// <summary>
    /// Limits providers' answers (the callback addresses, handled before any page) per client address, like sign-in
    /// posts: every refused answer writes an audit entry, which an anonymous caller must not be able to do without limit.
    /// </summary>
    public static PartitionedRateLimiter<HttpContext> CallbackLimiter(Func<HttpContext, int> perMinute) => PartitionedRateLimiter.Create<HttpContext, string>(context =>
        context.Request.Path.StartsWithSegments("/account/sso") && context.Request.Path.Value!.EndsWith("/callback", StringComparison.Ordinal)
            ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute(context), Window = TimeSpan.FromMinutes(1) })
            : RateLimitPartition.GetNoLimiter("not a callback"));

    /// <summary>The organisation code of an SSO scheme name, or null.</summary>
    public static string? OrganisationOf(string scheme) => scheme.StartsWith("sso-", StringComparison.Ordinal) ? scheme[4..] : null;

    private sealed class SsoSchemeProvider : AuthenticationSchemeProvider
    {
        public SsoSchemeProvider(IOptions<AuthenticationOptions> options, IOptions<SsoOptions> sso)
            : base(options)
        {
            foreach (var (code, _) in sso.Value.Configured)
            {
                AddScheme(new AuthenticationScheme(SsoOptions.SchemeFor(code), code, typeof(OpenIdConnectHandler)));
            }
        }
    }

    private sealed class ConfigureSsoScheme(IOptions<SsoOptions> sso, IOptions<BeaconOptions> beacon, IHostEnvironment environment) : IConfigureNamedOptions<OpenIdConnectOptions>
    {
        public void Configure(OpenIdConnectOptions options)
        {
        }

        public void Configure(string? name, OpenIdConnectOptions o)
        {
            if (name is null || OrganisationOf(name) is not { } code || sso.Value.For(code) is not { } organisation)
            {
                return;
            }

            o.Authority = organisation.Authority;
            o.ClientId = organisation.ClientId;
            o.ClientSecret = organisation.ClientSecret;
            o.RequireHttpsMetadata = organisation.RequireHttpsMetadata;
            o.ResponseType = "code";
            o.ResponseMode = "query"; // a top-level GET back to Beacon: the correlation cookie can be SameSite=Lax
            o.UsePkce = true;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.SaveTokens = false; // only the id token is kept (for sign-out), in OnTokenValidated
            o.CallbackPath = $"/account/sso/{code}/callback";
            o.SignedOutCallbackPath = $"/account/sso/{code}/signed-out";
            // No provider-initiated sign-out (docs/decisions/0017: not done): the handler's remote sign-out is an
            // unauthenticated GET with no check of who asks, so any link could sign a Beacon user out. Switched off.
            o.RemoteSignOutPath = PathString.Empty;
            o.SignInScheme = IdentityConstants.ApplicationScheme;
            o.SignOutScheme = IdentityConstants.ApplicationScheme;
            o.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(2);
            var secure = BeaconWebApp.RequireHttps(beacon.Value, environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = secure;
            }

            o.Events.OnTokenValidated = context => TokenValidatedAsync(context, code, organisation);
            o.Events.OnRemoteFailure = context => RemoteFailureAsync(context, code);
        }

        private static async Task TokenValidatedAsync(TokenValidatedContext context, string code, SsoOrganisationOptions organisation)
        {
            var principal = await context.HttpContext.RequestServices.GetRequiredService<SsoSignIn>().SignInAsync(context.HttpContext, code, organisation, context.Principal!);
            if (principal is null)
            {
                context.Fail(new SsoRefusedException());
                return;
            }

            context.Principal = principal;
            if (context.TokenEndpointResponse?.IdToken is { } idToken)
            {
                context.Properties!.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
            }
        }

        private static async Task RemoteFailureAsync(RemoteFailureContext context, string code)
        {
            if (context.Failure is not SsoRefusedException)
            {
                var reason = context.Failure?.Message ?? "unknown";
                await context.HttpContext.RequestServices.GetRequiredService<SsoSignIn>().RecordFailureAsync(code, reason.ReplaceLineEndings(" "));
            }

            context.Response.Redirect("/account/sign-in?sso=refused");
            context.HandleResponse();
        }
    }

    /// <summary>The person was refused by <see cref="SsoSignIn"/>, which has already audited why.</summary>
    private sealed class SsoRefusedException() : Exception("Refused by Beacon's single sign-on rules");
}

namespace Beacon.Web.Infrastructure.Security;

/// <summary>Security headers on every response (issue #2 §8): a CSP without inline script, no framing, no sniffing.</summary>
public static class SecurityHeaders
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API documentation (Swagger UI) sets inline styles; scripts stay 'self' only. Only under /api/docs.</summary>
    private const string DocsCsp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseBeaconSecurityHeaders(this IApplicationBuilder app)
    {
        // Signing out posts a form that may redirect to the person's identity provider to end that session too (ADR 17).
        var providers = Features.SingleSignOn.SsoSignOut.ProviderOrigins(app.ApplicationServices);
        var csp = Csp.Replace("form-action 'self'", string.Join(' ', ["form-action 'self'", .. providers]), StringComparison.Ordinal);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? DocsCsp : csp;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers.XXSSProtection = "0"; // the old browser filter is itself an attack surface; the CSP protects instead (OWASP)
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (!context.Request.Path.StartsWithSegments("/assets") && !context.Request.Path.StartsWithSegments("/govuk") && !context.Request.Path.StartsWithSegments("/css") && !context.Request.Path.StartsWithSegments("/js"))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next();
        });
    }
}

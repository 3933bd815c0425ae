using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Beacon.Web.Tests.Support;

/// <summary>What the provider does wrong when it issues a person's id token (for the refusal tests).</summary>
public enum TokenDefect
{
    None,

    /// <summary>The payload is changed after signing (the subject swapped for another), signature kept.</summary>
    Tampered,

    /// <summary>Signed by the provider's own key, but expired an hour ago.</summary>
    Expired,

    /// <summary>Signed by the provider's own key, but naming another issuer.</summary>
    WrongIssuer,
}

/// <summary>A person the provider can sign in (by typing their username on its sign-in page).</summary>
public sealed record IdpAccount(string Subject, string Email, bool EmailVerified = true, TokenDefect Defect = TokenDefect.None);

/// <summary>
/// A real OpenID Connect provider for the SSO tests (issue #21 §1): an OpenIddict server on a loopback port with
/// discovery, keys, an authorization endpoint with its own sign-in page, a token endpoint (code flow with PKCE and client
/// secrets) and an end-session endpoint. Beacon talks to it over HTTP exactly as to Microsoft Entra ID. Started once per
/// test run; tests add their own people with fresh subjects.
/// </summary>
public sealed class TestIdentityProvider
{
    public const string ClientSecret = "test-client-secret-for-beacon";

    private static readonly Lazy<TestIdentityProvider> CountyProvider = new(() => Start("beacon-county", "beacon-police"));
    private static readonly Lazy<TestIdentityProvider> CityProvider = new(() => Start("beacon-city"));

    private readonly ConcurrentDictionary<string, IdpAccount> accounts = new(StringComparer.Ordinal);
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-provider-key" };
    private readonly HashSet<string> clients;

    private TestIdentityProvider(string[] clients) => this.clients = [.. clients];

    /// <summary>The county council's provider, which (as a shared tenant) also signs in the police force's staff.</summary>
    public static TestIdentityProvider County => CountyProvider.Value;

    /// <summary>The city council's own provider.</summary>
    public static TestIdentityProvider City => CityProvider.Value;

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string Authority { get; private set; } = string.Empty;

    /// <summary>The subject in the id_token_hint of each end-session request the provider received.</summary>
    public ConcurrentQueue<string> EndedSessions { get; } = new();

    /// <summary>Adds a person with a fresh username, returned.</summary>
    public string Add(IdpAccount account)
    {
        var username = "user-" + Guid.NewGuid().ToString("N")[..10];
        accounts[username] = account;
        return username;
    }

    private static TestIdentityProvider Start(params string[] clients)
    {
        var provider = new TestIdentityProvider(clients);
        provider.StartAsync().GetAwaiter().GetResult();
        return provider;
    }

    private async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token").SetEndSessionEndpointUris("connect/endsession");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.Email, Scopes.Profile);
            o.AddSigningKey(key).AddEphemeralEncryptionKey();
            o.EnableDegradedMode(); // no OpenIddict database: the handlers below check clients and addresses
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough().DisableTransportSecurityRequirement();
            o.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(c =>
            {
                if (c.ClientId is null || !clients.Contains(c.ClientId) || !IsLoopback(c.Request.RedirectUri))
                {
                    c.Reject(Errors.InvalidRequest, "Unknown client or redirect address.");
                }

                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(c =>
            {
                if (c.ClientId is null || !clients.Contains(c.ClientId) || c.Request.ClientSecret != ClientSecret)
                {
                    c.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }

                return default;
            }));
            o.AddEventHandler<ValidateEndSessionRequestContext>(b => b.UseInlineHandler(c =>
            {
                if (c.Request.PostLogoutRedirectUri is { } uri && !IsLoopback(uri))
                {
                    c.Reject(Errors.InvalidRequest, "Unknown post-logout address.");
                }

                return default;
            }));
        });
        var app = builder.Build();
        app.Use(DamageIdTokensAsync);
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", ["GET", "POST"], Authorize);
        app.MapGet("/favicon.ico", () => Results.NoContent()); // the browser asks; a 404 would be a console error
        app.MapMethods("/connect/endsession", ["GET", "POST"], (HttpContext http) =>
        {
            var hint = http.GetOpenIddictServerRequest()?.IdTokenHint;
            EndedSessions.Enqueue(hint is null ? "(no id_token_hint)" : new JsonWebToken(hint).Subject);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        await app.StartAsync();
        Authority = app.Urls.First().TrimEnd('/') + "/";
    }

    private static bool IsLoopback(string? uri) => Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsLoopback;

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest()!;
        string? username = http.Request.HasFormContentType ? http.Request.Form["username"].ToString() : null;
        if (string.IsNullOrEmpty(username) || !accounts.TryGetValue(username, out var account))
        {
            var fields = http.Request.HasFormContentType
                ? http.Request.Form.Where(f => f.Key != "username").Select(f => (f.Key, Value: f.Value.ToString()))
                : http.Request.Query.Select(q => (q.Key, Value: q.Value.ToString()));
            var hidden = string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(f.Key)}\" value=\"{WebUtility.HtmlEncode(f.Value)}\">"));
            var error = username is null ? string.Empty : "<p role=\"alert\">Unknown username</p>";
            return Results.Content($"<!DOCTYPE html><html lang=\"en\"><head><title>Test identity provider</title></head><body><main><h1>Test identity provider</h1>{error}<form method=\"post\">{hidden}<label for=\"username\">Username</label> <input id=\"username\" name=\"username\"> <button type=\"submit\">Sign in</button></form></main></body></html>", "text/html");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, account.Subject));
        identity.AddClaim(new Claim(Claims.Name, username));
        identity.AddClaim(new Claim(Claims.Email, account.Email));
        identity.AddClaim(new Claim(Claims.EmailVerified, account.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        foreach (var claim in identity.Claims)
        {
            claim.SetDestinations(Destinations.IdentityToken);
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Rewrites the id token in token responses for people whose account asks for a defect.</summary>
    private async Task DamageIdTokensAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/connect/token"))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        context.Response.Body = body;
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        if (JsonNode.Parse(text) is JsonObject json && json["id_token"]?.GetValue<string>() is { } idToken)
        {
            json["id_token"] = Damage(idToken);
            text = json.ToJsonString();
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    private string Damage(string idToken)
    {
        var token = new JsonWebToken(idToken);
        var defect = token.TryGetPayloadValue<string>(Claims.Name, out var username) && accounts.TryGetValue(username, out var account) ? account.Defect : TokenDefect.None;
        if (defect == TokenDefect.None)
        {
            return idToken;
        }

        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload))!.AsObject();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (defect)
        {
            case TokenDefect.Tampered:
                payload["sub"] = accounts.Values.FirstOrDefault(a => a.Subject != token.Subject)?.Subject ?? "someone-else";
                return $"{token.EncodedHeader}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{token.EncodedSignature}";
            case TokenDefect.Expired:
                payload["iat"] = now - 7200;
                payload["nbf"] = now - 7200;
                payload["exp"] = now - 3600;
                break;
            default:
                payload["iss"] = "http://127.0.0.1:9/another-issuer/";
                break;
        }

        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
    }
}

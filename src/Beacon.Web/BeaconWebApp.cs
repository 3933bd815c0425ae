using System.Threading.RateLimiting;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Children;
using Beacon.Web.Features.Demo;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Health;
using Beacon.Web.Features.Mace;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.Organisations;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Features.Onward;
using Beacon.Web.Features.Outcomes;
using Beacon.Web.Features.SupportPlans;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Features.SingleSignOn;
using Beacon.Web.Infrastructure;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Hosting;
using Beacon.Web.Infrastructure.OpenApi;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Beacon.Web;

/// <summary>Builds and runs the web application: the pipeline in one readable place.</summary>
public static class BeaconWebApp
{
    public const string ApiPolicy = "api";
    public const string SignInLimiter = "sign-in";
    public const string ApiLimiter = "api";

    /// <summary>Sent by pages checking for new work in the background (wwwroot/js/app.js).</summary>
    public const string LiveRefreshHeader = "X-Beacon-Live";

    public static async Task<int> RunAsync(string[] args, TextWriter? error = null)
    {
        // `Beacon.Web migrate`: the published app applies migrations and exits (as the owner role; docs/deploy.md).
        var migrateOnly = args is ["migrate", ..];
        var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);
        ConfigureServices(builder);
        var app = builder.Build();
        if (migrateOnly)
        {
            return await MigrateAsync(app, error ?? Console.Error);
        }

        if (!await PrepareAsync(app, error ?? Console.Error))
        {
            return 1;
        }

        Configure(app);
        await app.RunAsync();
        return 0;
    }

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Configuration.AddBeaconSecretFiles();
        var services = builder.Services;
        var beacon = builder.Configuration.GetSection(BeaconOptions.Section).Get<BeaconOptions>() ?? new BeaconOptions();
        builder.AddBeaconObservability(beacon.JsonLogs);
        services.AddBeaconCore();
        services.AddBeaconKeyProtection(builder.Configuration);
        services.AddHostedService<Infrastructure.Jobs.JobHost>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = "Beacon";
                options.DefaultChallengeScheme = "Beacon";
            })
            // The one place that decides how a request is authenticated (docs/decisions/0005): API tokens on /api/v1 and
            // nowhere else, the sign-in cookie everywhere else and never on /api/v1. A new page or endpoint cannot opt out.
            .AddPolicyScheme("Beacon", "API token on /api/v1, sign-in cookie elsewhere", o => o.ForwardDefaultSelector = context =>
                IsTokenPath(context.Request.Path) ? ApiTokenService.Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenService.Scheme, null)
            .AddIdentityCookies();
        services.AddBeaconSso(); // OpenID Connect sign-in per organisation (ADR 17)
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<BeaconOptions>, IHostEnvironment>((o, beaconOptions, environment) =>
            {
                o.LoginPath = "/account/sign-in";
                o.LogoutPath = "/account/sign-out";
                o.AccessDeniedPath = "/account/access-denied";
                o.Cookie.Name = "beacon.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = RequireHttps(beaconOptions.Value, environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // A page checking for new work in the background must not keep an unattended session alive.
                o.Events.OnCheckSlidingExpiration = context =>
                {
                    if (context.Request.Headers.ContainsKey(LiveRefreshHeader))
                    {
                        context.ShouldRenew = false;
                    }

                    return Task.CompletedTask;
                };
                o.Events.OnValidatePrincipal = AccountSecurity.ValidateCookieAsync;
                o.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiTokenService.Scheme).RequireAuthenticatedUser())
            .AddPolicy(Policies.AuditReader, p => p.RequireRole(Beacon.Domain.Organisations.Roles.AuditReaders))
            .AddPolicy(Policies.Administrator, p => p.RequireRole(Beacon.Domain.Organisations.Roles.SystemAdministrator))
            .AddPolicy(NotificationsApi.Notify, p => p.RequireAssertion(c => NotificationsApi.MayNotify(c.User)))
            .AddPolicy(Policies.ProviderCasework, p => p.RequireAssertion(c => Policies.IsProviderCaseworker(c.User)))
            .AddPolicy(Policies.Intelligence, p => p.RequireAssertion(c => Policies.IsProviderCaseworker(c.User) || Policies.IsCouncilCaseworker(c.User)))
            .AddPolicy(Policies.Panel, p => p.RequireAssertion(c => CurrentActor.IsPanelMember(c.User)))
            .AddPolicy(Policies.CouncilExports, p => p.RequireAssertion(c => Policies.IsCouncilCaseworker(c.User)))
            .AddPolicy(Policies.MentorCoordination, p => p.RequireAssertion(c => Policies.IsProviderUserWith(c.User, Beacon.Domain.Organisations.Roles.MentorCoordinator)))
            .AddPolicy(Policies.Mentoring, p => p.RequireAssertion(c => Policies.IsProviderUserWith(c.User, Beacon.Domain.Organisations.Roles.Mentor)))
            .AddPolicy(Policies.Participation, p => p.RequireAssertion(c => Policies.IsProviderCaseworker(c.User) || Policies.IsProviderUserWith(c.User, Beacon.Domain.Organisations.Roles.MentorCoordinator)))
            .AddPolicy(Policies.ReportReader, p => p.RequireRole(Beacon.Domain.Organisations.Roles.Analyst, Beacon.Domain.Organisations.Roles.ServiceManager, Beacon.Domain.Organisations.Roles.TeamManager))
            .AddPolicy(Policies.MentoringReportReader, p => p.RequireAssertion(c => c.User.IsInRole(Beacon.Domain.Organisations.Roles.Analyst) || c.User.IsInRole(Beacon.Domain.Organisations.Roles.ServiceManager)
                || c.User.IsInRole(Beacon.Domain.Organisations.Roles.TeamManager) || Policies.IsProviderUserWith(c.User, Beacon.Domain.Organisations.Roles.MentorCoordinator)));

        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<BeaconOptions>, IHostEnvironment>((o, beaconOptions, environment) =>
        {
            o.Cookie.Name = "beacon.antiforgery";
            o.Cookie.SecurePolicy = RequireHttps(beaconOptions.Value, environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // TempData (one-off success messages) travels in a cookie: named, HttpOnly, strict and secure like the others
        // (flagged by the wapiti scan).
        services.AddOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>().Configure<IOptions<BeaconOptions>, IHostEnvironment>((o, beaconOptions, environment) =>
        {
            o.Cookie.Name = "beacon.tempdata";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = RequireHttps(beaconOptions.Value, environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.ConfigureFilter(new UnknownHandlerFilter());
            o.Conventions.ConfigureFilter(new Infrastructure.Input.FormFieldFilter());
            o.Conventions.ConfigureFilter(new Infrastructure.Input.DateInputFilter());
            // Anonymous pages say so themselves ([AllowAnonymous] on sign-in, sign-out, access denied, error); everything
            // else needs a signed-in user (the fallback policy), and the authorization matrix test checks the list.
            o.Conventions.AuthorizeFolder("/Admin", Policies.Administrator).AuthorizeFolder("/Audit", Policies.AuditReader)
                .AuthorizeFolder("/ReturnInterviews", Policies.ProviderCasework).AuthorizeFolder("/Missing", NotificationsApi.Notify)
                .AuthorizeFolder("/Mace", Policies.Panel);
        });
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            Beacon.Web.Infrastructure.Time.NodaJson.Configure(o.SerializerOptions);
            Infrastructure.Input.SafeJson.Configure(o.SerializerOptions);
        });
        // A body or parameter that cannot be bound throws in every environment (not only Development), so the exception
        // handler answers it as a 400 naming the field (Infrastructure/Input/BadRequests.cs).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddBeaconApiDocument();
        services.AddBeaconHealthChecks();

        services.AddOptions<FormOptions>().Configure<IOptions<BeaconOptions>>((o, b) => o.MultipartBodyLengthLimit = b.Value.Security.MaxRequestBodyBytes);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<BeaconOptions>>((o, b) =>
        {
            o.Limits.MaxRequestBodySize = b.Value.Security.MaxRequestBodyBytes;
            o.AddServerHeader = false;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = SsoRegistration.CallbackLimiter(context => Limits(context).SignInAttemptsPerMinute);
            // Counts attempts (posts), never views: a team behind one address opening the sign-in page is not refused.
            o.AddPolicy(SignInLimiter, context => !HttpMethods.IsPost(context.Request.Method) ? RateLimitPartition.GetNoLimiter("view") : RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Limits(context).SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(ApiLimiter, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Request.Headers.Authorization.ToString() is { Length: > 12 } auth ? auth[..Math.Min(auth.Length, 20)] : context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Limits(context).ApiRequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
    }

    public static bool RequireHttps(BeaconOptions options, IHostEnvironment environment) => options.Security.RequireHttps ?? !environment.IsDevelopment();

    private static BeaconOptions.SecurityOptions Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<BeaconOptions>>().Value.Security;

    /// <summary>Checks configuration, migrates and seeds. On failure prints one line and returns false.</summary>
    public static async Task<bool> PrepareAsync(WebApplication app, TextWriter error)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Beacon.StartUp");
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        if (database.Problem() is { } problem)
        {
            await error.WriteLineAsync($"Beacon cannot start: {problem}");
            return false;
        }

        if (app.Configuration.GetSection(Infrastructure.Auditing.AuditOptions.Section).Get<Infrastructure.Auditing.AuditOptions>()?.Problem(app.Environment.EnvironmentName) is { } auditProblem)
        {
            await error.WriteLineAsync($"Beacon cannot start: {auditProblem}");
            return false;
        }

        try
        {
            await app.Services.PrepareDatabaseAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"Beacon cannot start: the {database.EffectiveProvider} database could not be prepared: {ex.GetBaseException().Message.ReplaceLineEndings(" ")}");
            return false;
        }

        var options = app.Services.GetRequiredService<IOptions<BeaconOptions>>().Value;
        if (options.Demo.Enabled)
        {
            logger.LogWarning("Demo mode is on: synthetic data and demo accounts (password {Password}), e.g. {Email}. Never use demo mode with real data.", options.Demo.Password, DemoSeeder.Accounts[0].Email);
        }

        return true;
    }

    private static async Task<int> MigrateAsync(WebApplication app, TextWriter error)
    {
        await using (app)
        {
            if (app.Services.GetRequiredService<DatabaseOptions>().Problem() is { } problem)
            {
                await error.WriteLineAsync($"Beacon cannot migrate: {problem}");
                return 1;
            }

            try
            {
                var applied = await app.Services.PrepareDatabaseAsync(migrate: true);
                await Console.Out.WriteLineAsync($"Applied {applied} migrations. Database is up to date.");
                return 0;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                await error.WriteLineAsync($"Beacon cannot migrate: {ex.GetBaseException().Message.ReplaceLineEndings(" ")}");
                return 1;
            }
        }
    }

    public static void Configure(WebApplication app)
    {
        app.UseBeaconForwardedHeaders();
        app.UseBeaconMetricsEndpoint();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = HandleExceptionAsync,
            // Bad input is the client's error, answered with a 400: not logged as a server error.
            SuppressDiagnosticsCallback = c => c.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: < 500 },
        });
        // Errors without a body: problem details for the API, a GOV.UK error page for people.
        app.UseWhen(c => IsApi(c.Request.Path), api => api.UseStatusCodePages(async status =>
        {
            var http = status.HttpContext;
            await Results.Problem(statusCode: http.Response.StatusCode, detail: http.Response.StatusCode switch
            {
                400 => "The request was not valid: check the parameters and body against /openapi/v1.json.",
                401 => "Authenticate with Authorization: Bearer <token>.",
                403 => "Your role does not allow this.",
                404 => "Not found, or not available to you.",
                429 => "Too many requests; wait a minute.",
                _ => null,
            }).ExecuteAsync(http);
        }));
        app.UseWhen(c => !IsApi(c.Request.Path), web => web.UseStatusCodePagesWithReExecute("/error", "?status={0}"));
        if (RequireHttps(app.Services.GetRequiredService<IOptions<BeaconOptions>>().Value, app.Environment))
        {
            app.UseHsts();
        }

        app.UseBeaconSecurityHeaders();
        app.UseMiddleware<Infrastructure.Input.QueryStringGuard>();
        app.UseStaticFiles();
        app.UseBeaconRequestLogging();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseBeaconLogContext();
        app.UseAuthorization();

        app.MapBeaconHealthChecks();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Beacon API v1");
            o.DocumentTitle = "Beacon API";
            Infrastructure.OpenApi.ApiDocsPage.Configure(o);
        });

        // Every operation can answer 401 (no valid token) and 429 (rate limit); each adds what else it answers with.
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiPolicy).RequireRateLimiting(ApiLimiter)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGroup("").WithTags(ApiDocument.Account).MapAccountApi();
        api.MapGroup("").WithTags(ApiDocument.ReferenceData).MapOrganisationsApi();
        api.MapGroup("").WithTags(ApiDocument.Children).MapChildrenApi();
        api.MapGroup("").WithTags(ApiDocument.Notifications).MapNotificationsApi();
        api.MapGroup("").WithTags(ApiDocument.ReturnInterviews).MapReturnInterviewsApi();
        api.MapGroup("").WithTags(ApiDocument.Referrals).MapReferralsApi();
        api.MapGroup("").WithTags(ApiDocument.Mace).MapMaceApi();
        api.MapGroup("").WithTags(ApiDocument.Outcomes).MapOutcomesApi();
        api.MapGroup("").WithTags(ApiDocument.Mentoring).MapMentoringApi();
        api.MapGroup("").WithTags(ApiDocument.Onward).MapOnwardApi();
        api.MapGroup("").WithTags(ApiDocument.SupportPlans).MapSafetyPlansApi();
        app.MapRazorPages();
    }

    /// <summary>Where API tokens (and only they) authenticate: the partner API.</summary>
    public static bool IsTokenPath(PathString path) => path.StartsWithSegments("/api/v1");

    private static bool IsApi(PathString path) => Infrastructure.Input.InputRules.IsApi(path);

    /// <summary>An exception escaping a request: bad input (a body or parameter that could not be bound) is a 400 naming the
    /// field; anything else a 500 that says nothing was changed (problem details for the API, the error page for people).</summary>
    private static async Task HandleExceptionAsync(HttpContext context)
    {
        var bad = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error as Microsoft.AspNetCore.Http.BadHttpRequestException;
        if (IsApi(context.Request.Path))
        {
            if (bad is { StatusCode: < 500 })
            {
                await Infrastructure.Input.BadRequests.WriteAsync(context, bad);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await Results.Problem(title: "Something went wrong", detail: "The error has been logged. Nothing was changed.", statusCode: 500).ExecuteAsync(context);
        }
        else
        {
            context.Response.Redirect(bad is { StatusCode: < 500 } ? $"/error?status={bad.StatusCode}" : "/error");
        }
    }

    private static Task ApiAware(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Named authorization policies.</summary>
public static class Policies
{
    public const string AuditReader = "audit-reader";
    public const string Administrator = "administrator";

    /// <summary>Collective intelligence over the children a user may see: provider and council caseworkers.</summary>
    public const string Intelligence = "intelligence";

    /// <summary>A council's caseworkers and managers, for their own council's statutory exports.</summary>
    public const string CouncilExports = "council-exports";

    /// <summary>Aggregate reports: analysts and commissioners, and managers of any organisation.</summary>
    public const string ReportReader = "report-reader";

    /// <summary>The mentoring report (issue #20 §7): report readers and the provider's mentor coordinators, who run mentoring.</summary>
    public const string MentoringReportReader = "mentoring-report-reader";

    /// <summary>MACE panel chairs and members of the partnership (provider, councils, police): panel-only records.</summary>
    public const string Panel = "panel";

    /// <summary>The provider's RHI and case workers (work lists, attempts, interview forms).</summary>
    public const string ProviderCasework = "provider-casework";

    /// <summary>The provider's mentor coordinators: the mentor register, with mentors' personal data (issue #20 §1).</summary>
    public const string MentorCoordination = "mentor-coordination";

    /// <summary>A mentor at the provider: their own mentees (docs/decisions/0022).</summary>
    public const string Mentoring = "mentoring";

    /// <summary>The provider's staff who run participation events and train partners (issue #20 §5, §6): caseworkers and
    /// mentor coordinators.</summary>
    public const string Participation = "participation";

    public static bool IsProviderUserWith(System.Security.Claims.ClaimsPrincipal user, string role) =>
        user.FindFirst(Beacon.Web.Infrastructure.Security.BeaconClaims.OrganisationKind)?.Value == nameof(Beacon.Domain.Organisations.OrganisationKind.Provider) && user.IsInRole(role);

    public static bool IsCouncilCaseworker(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(Beacon.Web.Infrastructure.Security.BeaconClaims.OrganisationKind)?.Value == nameof(Beacon.Domain.Organisations.OrganisationKind.LocalAuthority)
        && (user.IsInRole(Beacon.Domain.Organisations.Roles.Practitioner) || user.IsInRole(Beacon.Domain.Organisations.Roles.TeamManager) || user.IsInRole(Beacon.Domain.Organisations.Roles.ServiceManager));

    public static bool IsProviderCaseworker(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(Beacon.Web.Infrastructure.Security.BeaconClaims.OrganisationKind)?.Value == nameof(Beacon.Domain.Organisations.OrganisationKind.Provider)
        && (user.IsInRole(Beacon.Domain.Organisations.Roles.Practitioner) || user.IsInRole(Beacon.Domain.Organisations.Roles.TeamManager)
            || user.IsInRole(Beacon.Domain.Organisations.Roles.ServiceManager) || user.IsInRole(Beacon.Domain.Organisations.Roles.PanelChair));
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Beacon.Web.Infrastructure.Security;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Context;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Beacon.Web.Infrastructure.Telemetry;

/// <summary>Configuration section <c>Beacon:Observability</c> (README "Observability", docs/decisions/0018).</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Beacon:Observability";

    /// <summary>Where to send traces and metrics by OTLP (e.g. <c>http://collector:4317</c>); off when empty (the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable also turns it on).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The bearer token a Prometheus scraper must send to <c>/metrics</c>. With neither this nor
    /// <see cref="MetricsPort"/> set, there is no metrics endpoint.</summary>
    public string? MetricsToken { get; set; }

    /// <summary>Serve <c>/metrics</c> only on this local port (one Kestrel listens on, kept off the public network).</summary>
    public int? MetricsPort { get; set; }

    /// <summary>How often the gauges read from the database (RHIs overdue, alert emails queued) are refreshed.</summary>
    public int GaugeSeconds { get; set; } = 60;

    public string ServiceName { get; set; } = "beacon";

    public bool MetricsEnabled => !string.IsNullOrEmpty(MetricsToken) || MetricsPort is not null;

    public bool OtlpEnabled => !string.IsNullOrEmpty(OtlpEndpoint) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
}

/// <summary>Traces, metrics and structured logs for operators (issue #21 §2; docs/decisions/0018).</summary>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    public static void AddBeaconObservability(this WebApplicationBuilder builder, bool jsonLogs)
    {
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section);
        builder.Services.AddSingleton<OperationalGauges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OperationalGauges>());

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(t => t.AddSource(BeaconTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsPath))
                // Statement text only: parameter values (names, dates of birth) are not captured by this instrumentation.
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(m =>
            {
                m.AddMeter(BeaconTelemetry.Name).AddAspNetCoreInstrumentation();
                if (options.MetricsEnabled)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (options.OtlpEnabled)
        {
            if (string.IsNullOrEmpty(options.OtlpEndpoint))
            {
                telemetry.UseOtlpExporter();
            }
            else
            {
                telemetry.UseOtlpExporter(options.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, new Uri(options.OtlpEndpoint));
            }
        }

        AddLogs(builder, jsonLogs);
    }

    /// <summary>Serilog: one JSON object a line when <paramref name="json"/> (trace and span ids as <c>@tr</c> and
    /// <c>@sp</c>, the user's and organisation's ids as <c>UserId</c> and <c>OrganisationId</c>), levels from
    /// <c>Logging:LogLevel</c> as before. Sinks registered in the container (a test's) are added.</summary>
    private static void AddLogs(WebApplicationBuilder builder, bool json)
    {
        var levels = builder.Configuration.GetSection("Logging:LogLevel");
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.MinimumLevel.Is(Level(levels["Default"]) ?? LogEventLevel.Information);
            foreach (var category in levels.GetChildren().Where(c => c.Key != "Default"))
            {
                if (Level(category.Value) is { } level)
                {
                    logger.MinimumLevel.Override(category.Key, level);
                }
            }

            logger.Enrich.FromLogContext().ReadFrom.Services(services);
            if (json)
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        }, preserveStaticLogger: true); // this host's own logger, not the process-wide static one
    }

    private static LogEventLevel? Level(string? value) => value switch
    {
        "Trace" => LogEventLevel.Verbose,
        "Debug" => LogEventLevel.Debug,
        "Information" => LogEventLevel.Information,
        "Warning" => LogEventLevel.Warning,
        "Error" => LogEventLevel.Error,
        "Critical" or "None" => LogEventLevel.Fatal,
        _ => null,
    };

    /// <summary>The scrape endpoint, before everything else: only on the metrics port when one is set, and only with
    /// the bearer token when one is set; anyone else gets 401 (or, on the public port when a metrics port is set, 404).</summary>
    public static void UseBeaconMetricsEndpoint(this WebApplication app)
    {
        var options = app.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        if (!options.MetricsEnabled)
        {
            return;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: c => c.Request.Path == MetricsPath && (options.MetricsPort is not { } port || c.Connection.LocalPort == port),
            path: null,
            configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (!string.IsNullOrEmpty(options.MetricsToken) && !HasToken(context, options.MetricsToken))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }

                await next(context);
            }),
            optionsName: null);
    }

    private static bool HasToken(HttpContext context, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>One summary line per request (method, path without the query string, status, time), written by this
    /// host's logger. A request whose client went away is summarised as 499 (nginx's "client closed request"), not
    /// logged as a server error with a stack trace: nothing failed, nobody was waiting for the answer.</summary>
    public static void UseBeaconRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(o => o.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = ClientClosedRequest;
                }
            }
        });
    }

    /// <summary>The status a request is logged with when its client disconnected before the answer.</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>After authentication: every log line of the request carries the user's and organisation's ids (never
    /// a name), and so does the request's summary line.</summary>
    public static void UseBeaconLogContext(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
            var organisation = context.User.FindFirstValue(BeaconClaims.OrganisationId);
            var diagnostic = context.RequestServices.GetService<IDiagnosticContext>();
            diagnostic?.Set("UserId", user);
            diagnostic?.Set("OrganisationId", organisation);
            using (LogContext.PushProperty("UserId", user))
            using (LogContext.PushProperty("OrganisationId", organisation))
            {
                await next(context);
            }
        });
    }
}

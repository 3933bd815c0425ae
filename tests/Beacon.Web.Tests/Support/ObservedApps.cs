using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Beacon.Web.Tests.Support;

/// <summary>What an observed test host exported: spans (in-memory exporter), JSON log lines (the formatter the app
/// writes with <c>Beacon:JsonLogs</c>) and the metrics token it was given.</summary>
public sealed class Observed : ILogEventSink
{
    public const string MetricsToken = "test-metrics-token-6f1c";

    /// <summary>Exported spans (of every host in this process: the listeners are process-wide, so filter by trace).</summary>
    public SpanList Spans { get; } = [];

    public ConcurrentQueue<(string? TraceId, string Json, LogEvent Event)> Logs { get; } = new();

    public void Emit(LogEvent logEvent)
    {
        var json = new StringWriter();
        new RenderedCompactJsonFormatter().Format(logEvent, json);
        Logs.Enqueue((logEvent.TraceId?.ToHexString(), json.ToString(), logEvent));
    }

    /// <summary>The spans of one trace, waiting (up to 10 s) until its server span has ended.</summary>
    public async Task<IReadOnlyList<Activity>> TraceAsync(ActivityTraceId trace)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            var spans = Spans.Snapshot().Where(s => s.TraceId == trace).ToList();
            if (spans.Any(s => s.Kind == ActivityKind.Server))
            {
                return spans;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No server span was exported for trace {trace}");
    }

    public static void Configure(IWebHostBuilder builder, Observed observed)
    {
        builder.UseSetting("Beacon:Observability:MetricsToken", MetricsToken);
        builder.UseSetting("Beacon:JsonLogs", "true");
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(observed.Spans));
            services.AddSingleton<ILogEventSink>(observed);
        });
    }
}

/// <summary>A list the exporter may add to from any thread.</summary>
public sealed class SpanList : System.Collections.ObjectModel.Collection<Activity>
{
    public List<Activity> Snapshot()
    {
        lock (this)
        {
            return [.. this];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (this)
        {
            base.InsertItem(index, item);
        }
    }
}

/// <summary>Beacon on SQLite with an in-memory span exporter, captured logs and a metrics token.</summary>
public sealed class ObservedSqliteApp : SqliteApp, IObservedApp
{
    public Observed Observed { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Observed.Configure(builder, Observed);
    }
}

/// <summary>Beacon on PostgreSQL with an in-memory span exporter, captured logs and a metrics token.</summary>
public sealed class ObservedPostgresApp : PostgresApp, IObservedApp
{
    public Observed Observed { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Observed.Configure(builder, Observed);
    }
}

/// <summary>A fixture with <see cref="Observed"/> telemetry.</summary>
public interface IObservedApp
{
    Observed Observed { get; }
}

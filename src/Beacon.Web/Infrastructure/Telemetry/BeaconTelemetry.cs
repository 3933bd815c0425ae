using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Beacon.Web.Infrastructure.Telemetry;

/// <summary>
/// Beacon's own spans and instruments (docs/decisions/0018): one <see cref="ActivitySource"/> and one <see cref="Meter"/>
/// named <c>Beacon</c>, beside ASP.NET Core's request spans and <c>http.server.request.duration</c> and EF Core's
/// database spans. Tags carry job names, outcomes and counts — never a child's name or any other personal detail.
/// </summary>
public static class BeaconTelemetry
{
    public const string Name = "Beacon";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("beacon.job.runs", "{run}", "Recurring job runs, by job and outcome (ok or failed).");

    public static readonly Counter<long> JobFailures = Meter.CreateCounter<long>("beacon.job.failures", "{run}", "Recurring job runs that failed, by job.");

    public static readonly Counter<long> ImportRows = Meter.CreateCounter<long>("beacon.import.rows", "{row}", "Rows read from imported notification files.");

    public static readonly Histogram<double> ImportRate = Meter.CreateHistogram<double>("beacon.import.rate", "{row}/s", "Rows per second of each notification file import.");

    public static readonly Histogram<double> AuditAppendDuration = Meter.CreateHistogram<double>("beacon.audit.append.duration", "s", "Time to write a change or read with its audit entries and commit.");

    public static readonly Histogram<long> AuditBatchEntries = Meter.CreateHistogram<long>("beacon.audit.batch.entries", "{entry}", "Audit entries of reads written per group-commit transaction.");

    public static readonly Counter<long> AlertEmails = Meter.CreateCounter<long>("beacon.alert.emails", "{email}", "Alert emails handed to the SMTP server, by outcome (sent or failed).");

    /// <summary>Starts a span of Beacon's own (a job run, an import, an alert email); null when nobody listens.</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    /// <summary>Marks <paramref name="activity"/> failed with the exception's type (never its message, which may quote data).</summary>
    public static void Failed(this Activity? activity, Exception e) => activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
}

/// <summary>Records <see cref="BeaconTelemetry.AuditAppendDuration"/> when disposed.</summary>
public readonly struct AuditTiming : IDisposable
{
    private readonly long started;

    private AuditTiming(long started) => this.started = started;

    public static AuditTiming Start() => new(Stopwatch.GetTimestamp());

    public void Dispose() => BeaconTelemetry.AuditAppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
}

namespace Beacon.Web.Infrastructure.Auditing;

/// <summary>Configuration section <c>Beacon:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Beacon:Audit";

    /// <summary>The one environment in which <see cref="SkipReadsForBenchmark"/> may be set (scripts/audit-benchmark.sh).</summary>
    public const string BenchmarkEnvironment = "Benchmark";

    /// <summary>Write no entry for reads, so the audit benchmark can time the same page without the audit (docs/decisions/0030).
    /// Refused at start-up — and at every read — in any environment but <see cref="BenchmarkEnvironment"/>.</summary>
    public bool SkipReadsForBenchmark { get; set; }

    /// <summary>Why these settings are refused in <paramref name="environment"/>, or null.</summary>
    public string? Problem(string environment) =>
        SkipReadsForBenchmark && environment != BenchmarkEnvironment
            ? $"Beacon:Audit:SkipReadsForBenchmark is for the audit benchmark only (environment {BenchmarkEnvironment}); every read is audited in {environment}."
            : null;
}

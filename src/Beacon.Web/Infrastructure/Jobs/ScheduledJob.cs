using NodaTime;

namespace Beacon.Web.Infrastructure.Jobs;

/// <summary>
/// The database's record of one recurring job: when it is next due and which instance, if any, holds it. Claiming is one
/// conditional UPDATE (<see cref="JobScheduler"/>), so with any number of instances each due run happens once, and a
/// run whose instance dies is taken over when its lease runs out (docs/decisions/0011).
/// </summary>
public sealed class ScheduledJob
{
    public required string Name { get; set; }

    public Instant NextRunAt { get; set; }

    /// <summary>The instance running it now (null when idle).</summary>
    public string? LeaseOwner { get; set; }

    public Instant? LeaseUntil { get; set; }

    public Instant? LastStartedAt { get; set; }

    public Instant? LastFinishedAt { get; set; }

    /// <summary>"ok: …" or "failed: …" — counts and error types only, never personal details.</summary>
    public string? LastOutcome { get; set; }

    public int Runs { get; set; }
}

/// <summary>A recurring job. Implementations are scoped services run as the system actor; they must be idempotent
/// (a run taken over after a crash may repeat part of the work).</summary>
public interface IRecurringJob
{
    string Name { get; }

    Duration Interval { get; }

    /// <summary>Does the work; returns a short, non-personal summary for the job record.</summary>
    Task<string> RunAsync(Instant now, CancellationToken cancellationToken);
}

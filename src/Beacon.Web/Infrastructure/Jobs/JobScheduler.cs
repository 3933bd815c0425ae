using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Infrastructure.Jobs;

/// <summary>Configuration section <c>Beacon:Jobs</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "Beacon:Jobs";

    /// <summary>Run due jobs in this instance (any number of instances may; each due run happens once).</summary>
    public bool Enabled { get; set; } = true;

    public int PollSeconds { get; set; } = 30;

    /// <summary>How long a claimed run may take before another instance may take it over.</summary>
    public int LeaseSeconds { get; set; } = 600;
}

/// <summary>
/// Claims and runs due recurring jobs, coordinated only through the database: a claim is one conditional UPDATE
/// (due, and not leased or lease expired), which PostgreSQL and SQLite both apply atomically, so of several instances
/// exactly one wins each due run. Finishing moves the next run on and releases the lease in one UPDATE guarded by the
/// owner, so an instance whose lease was taken over cannot overwrite the new owner's record.
/// </summary>
public sealed class JobScheduler(IServiceScopeFactory scopes, IOptions<JobOptions> options, IClock clock, ILogger<JobScheduler> logger)
{
    /// <summary>This instance's name in leases: host, process and a random part.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Runs every due job once (those another instance holds are skipped). Returns the names of the jobs run.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var ran = new List<string>();
        foreach (var name in await JobNamesAsync(cancellationToken))
        {
            if (await RunIfDueAsync(name, Owner, clock.GetCurrentInstant(), cancellationToken))
            {
                ran.Add(name);
            }
        }

        return ran;
    }

    private async Task<IReadOnlyList<string>> JobNamesAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var jobs = scope.ServiceProvider.GetServices<IRecurringJob>().ToList();
        var db = Open(scope);
        var known = await db.ScheduledJobs.Select(j => j.Name).ToListAsync(cancellationToken);
        foreach (var job in jobs.Where(j => !known.Contains(j.Name)))
        {
            // First sight of a job: due now. Two instances racing here is harmless: one insert fails on the key.
            try
            {
                db.ScheduledJobs.Add(new ScheduledJob { Name = job.Name, NextRunAt = clock.GetCurrentInstant() });
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }

        return [.. jobs.Select(j => j.Name)];
    }

    /// <summary>Claims <paramref name="name"/> for <paramref name="owner"/> if it is due at <paramref name="now"/> and
    /// not held by a live lease. True when this caller won the claim.</summary>
    public async Task<bool> TryClaimAsync(string name, string owner, Instant now, CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var until = now + Duration.FromSeconds(options.Value.LeaseSeconds);
        var claimed = await Open(scope).ScheduledJobs
            .Where(j => j.Name == name && j.NextRunAt <= now && (j.LeaseUntil == null || j.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, owner).SetProperty(j => j.LeaseUntil, until).SetProperty(j => j.LastStartedAt, now), cancellationToken);
        return claimed == 1;
    }

    /// <summary>Claims and runs one job if it is due; records the outcome and the next run.</summary>
    public async Task<bool> RunIfDueAsync(string name, string owner, Instant now, CancellationToken cancellationToken = default)
    {
        if (!await TryClaimAsync(name, owner, now, cancellationToken))
        {
            return false;
        }

        using var scope = scopes.CreateScope();
        var job = scope.ServiceProvider.GetServices<IRecurringJob>().Single(j => j.Name == name);
        string outcome;
        Instant next;
        using var activity = Telemetry.BeaconTelemetry.Start($"job {name}");
        activity?.SetTag("beacon.job", name);
        activity?.SetTag("beacon.job.owner", owner);
        try
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem($"job:{name}");
            outcome = "ok: " + await job.RunAsync(now, cancellationToken);
            next = now + job.Interval;
            Telemetry.BeaconTelemetry.JobRuns.Add(1, new("job", name), new("outcome", "ok"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity.Failed(e);
            Telemetry.BeaconTelemetry.JobRuns.Add(1, new("job", name), new("outcome", "failed"));
            Telemetry.BeaconTelemetry.JobFailures.Add(1, new KeyValuePair<string, object?>("job", name));
            logger.LogError("Job {Job} failed: {Error}", name, e.GetType().Name);
            outcome = $"failed: {e.GetType().Name}";
            next = now + Duration.FromMinutes(1);
        }

        var finished = clock.GetCurrentInstant();
        await Open(scope).ScheduledJobs.Where(j => j.Name == name && j.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.NextRunAt, next).SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseUntil, (Instant?)null)
                .SetProperty(j => j.LastFinishedAt, finished).SetProperty(j => j.LastOutcome, outcome.Length > 500 ? outcome[..500] : outcome).SetProperty(j => j.Runs, j => j.Runs + 1), cancellationToken);
        return true;
    }

    private static BeaconDbContext Open(IServiceScope scope)
    {
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("scheduler");
        return scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
    }
}

/// <summary>Polls <see cref="JobScheduler"/> while the application runs (when <see cref="JobOptions.Enabled"/>).</summary>
public sealed class JobHost(JobScheduler scheduler, IOptions<JobOptions> options, ILogger<JobHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)));
        do
        {
            try
            {
                await scheduler.RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be restarting: try again at the next tick.
                logger.LogWarning("Scheduled jobs could not run: {Error}", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

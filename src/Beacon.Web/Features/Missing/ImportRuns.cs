using System.Text.Json;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Missing;

/// <summary>
/// An uploaded notifications CSV and what became of it (issue #7 §1: "uploads and import jobs survive the instance
/// that received them"). The file is kept in the database until it has been imported, then dropped; the report and the
/// rejected rows (encrypted for the uploader) stay. Only the uploader (or a system process) can read a run.
/// </summary>
public sealed class ImportRun
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>The <see cref="Kind"/> of a notifications import (every run before issue #17 §5).</summary>
    public const string Notifications = "notifications";

    public Guid Id { get; set; }

    /// <summary>What the file held: <see cref="Notifications"/>, or a council's child ids
    /// (<see cref="CouncilChildIds.CouncilChildIdImport.Kind"/>, imported at upload, never queued).</summary>
    public string Kind { get; set; } = Notifications;

    public Guid UploadedById { get; set; }

    public required string FileName { get; set; }

    /// <summary>The uploaded file, until it has been imported.</summary>
    public byte[]? Content { get; set; }

    public Guid? NotifyingPoliceForceId { get; set; }

    public required string Status { get; set; }

    public string? LeaseOwner { get; set; }

    public Instant? LeaseUntil { get; set; }

    public int Attempts { get; set; }

    public long Rows { get; set; }

    public long Created { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    public long Rejected { get; set; }

    public string? FileProblem { get; set; }

    /// <summary>JSON array of the first problems (line, column, reason) — no field values.</summary>
    public string? Problems { get; set; }

    /// <summary>The rejected rows as CSV, protected with data protection for the uploader.</summary>
    public string? RejectedRows { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? StartedAt { get; set; }

    public Instant? FinishedAt { get; set; }

    public IReadOnlyList<RowProblem> ProblemList => Problems is null ? [] : JsonSerializer.Deserialize<List<RowProblem>>(Problems) ?? [];
}

/// <summary>
/// Imports uploaded files. The instance that received an upload starts it at once; each run is claimed with one
/// conditional UPDATE and a lease renewed as batches are saved, so if that instance dies, <see cref="ImportRecoveryJob"/>
/// on any instance claims the run when the lease ends and imports the file again from the start. That is safe because
/// the import is idempotent on police reference: rows saved before the crash come back as "already received".
/// </summary>
public sealed class ImportRunner(IServiceScopeFactory scopes, IClock clock, IServiceProvider services, ILogger<ImportRunner> logger)
{
    public static readonly Duration Lease = Duration.FromMinutes(2);

    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Starts the run in the background of this instance.</summary>
    public void Start(Guid id)
    {
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _ = Task.Run(() => ProcessAsync(id, stopping), CancellationToken.None);
    }

    /// <summary>Claims and imports a run if it is queued or its lease has ended. True when this caller imported it.</summary>
    public async Task<bool> ProcessAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await ClaimAndImportAsync(id, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: hand the run back at once rather than waiting for the lease to end.
            await UpdateAsync(id, s => s.SetProperty(r => r.Status, ImportRun.Queued).SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseUntil, (Instant?)null));
            return false;
        }
        catch (Exception e)
        {
            logger.LogError("Import run {RunId} failed: {Error}", id, e.GetType().Name);
            await UpdateAsync(id, s => s.SetProperty(r => r.Status, r => r.Attempts >= 3 ? ImportRun.Failed : ImportRun.Queued)
                .SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseUntil, (Instant?)null)
                .SetProperty(r => r.FileProblem, r => r.Attempts >= 3 ? $"The import stopped with an error ({e.GetType().Name}). Rows saved before it are kept; import the file again." : null));
            return false;
        }
    }

    private async Task<bool> ClaimAndImportAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem($"import:{id}");
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        var claimed = await db.ImportRuns
            .Where(r => r.Id == id && (r.Status == ImportRun.Queued || (r.Status == ImportRun.Running && r.LeaseUntil < now)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ImportRun.Running).SetProperty(r => r.LeaseOwner, Owner)
                .SetProperty(r => r.LeaseUntil, now + Lease).SetProperty(r => r.Attempts, r => r.Attempts + 1).SetProperty(r => r.StartedAt, now), cancellationToken);
        if (claimed != 1)
        {
            return false;
        }

        var run = await db.ImportRuns.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Content, r.NotifyingPoliceForceId, r.UploadedById }).SingleAsync(cancellationToken);
        var renewed = clock.GetCurrentInstant();
        var progress = new Progress<long>(rows =>
        {
            // Renew the lease while batches are saved (at most every 20 seconds).
            var at = clock.GetCurrentInstant();
            if (at - renewed > Duration.FromSeconds(20))
            {
                renewed = at;
                _ = UpdateAsync(id, s => s.SetProperty(r => r.LeaseUntil, at + Lease), owner: Owner);
            }
        });
        var rejected = new StringWriter();
        var report = await scope.ServiceProvider.GetRequiredService<NotificationImport>()
            .ImportAsync(new MemoryStream(run.Content ?? []), rejected, run.NotifyingPoliceForceId, progress, cancellationToken);
        var protectedRows = report.Rejected > 0
            ? scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(RejectedRowsPurpose, run.UploadedById.ToString()).Protect(rejected.ToString())
            : null;
        var problems = JsonSerializer.Serialize(report.Problems.Take(200));
        var finished = clock.GetCurrentInstant();
        var recorded = await db.ImportRuns.Where(r => r.Id == id && r.LeaseOwner == Owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, ImportRun.Done).SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseUntil, (Instant?)null)
            .SetProperty(r => r.Content, (byte[]?)null).SetProperty(r => r.FinishedAt, finished)
            .SetProperty(r => r.Rows, report.Rows).SetProperty(r => r.Created, report.Created).SetProperty(r => r.Updated, report.Updated)
            .SetProperty(r => r.Unchanged, report.Unchanged).SetProperty(r => r.Rejected, report.Rejected)
            .SetProperty(r => r.FileProblem, report.FileProblem).SetProperty(r => r.Problems, problems).SetProperty(r => r.RejectedRows, protectedRows), CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync("import", "Notifications", id.ToString(),
            details: $"uploaded by: {run.UploadedById}; rows: {report.Rows}, new: {report.Created}, rejected: {report.Rejected}{(recorded == 0 ? "; another instance had taken the run over" : "")}", cancellationToken: CancellationToken.None);
        return recorded == 1;
    }

    public const string RejectedRowsPurpose = "Beacon.ImportRun.RejectedRows";

    private async Task UpdateAsync(Guid id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ImportRun>> set, string? owner = null)
    {
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem($"import:{id}");
            var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
            await db.ImportRuns.Where(r => r.Id == id && (owner == null || r.LeaseOwner == owner)).ExecuteUpdateAsync(set, CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogWarning("Import run {RunId} could not be updated: {Error}", id, e.GetType().Name);
        }
    }
}

/// <summary>Imports runs left queued, or whose instance died mid-import (lease ended), on whichever instance runs it;
/// drops rejected rows 30 days after their import.</summary>
public sealed class ImportRecoveryJob(BeaconDbContext db, ImportRunner runner) : IRecurringJob
{
    public static readonly Duration RejectedRowsKept = Duration.FromDays(30);

    public string Name => "import-recovery";

    public Duration Interval => Duration.FromSeconds(30);

    public async Task<string> RunAsync(Instant now, CancellationToken cancellationToken)
    {
        // A just-uploaded run is being started by the instance that received it: leave it a few seconds.
        var waiting = now - Duration.FromSeconds(10);
        var ids = await db.ImportRuns.AsNoTracking()
            .Where(r => r.Kind == ImportRun.Notifications && ((r.Status == ImportRun.Queued && r.CreatedAt < waiting) || (r.Status == ImportRun.Running && r.LeaseUntil < now)))
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(20).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var id in ids)
        {
            done += await runner.ProcessAsync(id, cancellationToken) ? 1 : 0;
        }

        // Rejected rows hold personal details: they are offered to the uploader for 30 days, then dropped.
        var expired = now - RejectedRowsKept;
        await db.ImportRuns.Where(r => r.RejectedRows != null && r.FinishedAt < expired)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RejectedRows, (string?)null), cancellationToken);
        return $"{ids.Count} runs waiting, {done} imported";
    }
}

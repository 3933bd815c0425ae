using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Missing;

/// <summary>One import run in the list: the file, the force it was imported for, where it is and what it found.</summary>
public sealed class ImportRunItem
{
    public Guid Id { get; init; }

    public string FileName { get; init; } = string.Empty;

    public string? Force { get; init; }

    public string Status { get; init; } = string.Empty;

    public Instant CreatedAt { get; init; }

    public long Rows { get; init; }

    public long Created { get; init; }

    public long Rejected { get; init; }

    public bool FileProblem { get; init; }
}

/// <summary>The signed-in user's notification imports (issue #7 §1, issue #17 §2): sortable and paged, filtered by
/// status. The database filter on import runs keeps every other user's runs out.</summary>
public static class ImportRunList
{
    public const int PageSize = 50;

    public const string WithRejections = "rejected";

    /// <summary>The status filter's values and labels, in the order offered.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Statuses =
        [(ImportRun.Queued, "Waiting to start"), (ImportRun.Running, "Importing now"), (ImportRun.Done, "Imported"), (ImportRun.Failed, "Stopped with an error"), (WithRejections, "With rejected rows or a file problem")];

    public static readonly SortKeys<ImportRunItem> Sorts = new SortKeys<ImportRunItem>("uploaded", true, q => q.ThenBy(r => r.Id))
        .Add("uploaded", r => r.CreatedAt, descendingFirst: true)
        .Add("file", r => r.FileName)
        .Add("force", r => r.Force)
        .Add("status", r => r.Status)
        .Add("rows", r => r.Rows, descendingFirst: true)
        .Add("rejected", r => r.Rejected, descendingFirst: true);

    public static IQueryable<ImportRunItem> Query(BeaconDbContext db, string? status)
    {
        var runs = db.ImportRuns.AsNoTracking();
        runs = status switch
        {
            ImportRun.Queued or ImportRun.Running or ImportRun.Done or ImportRun.Failed => runs.Where(r => r.Status == status),
            WithRejections => runs.Where(r => r.Rejected > 0 || r.FileProblem != null),
            _ => runs,
        };
        return runs.Select(r => new ImportRunItem
        {
            Id = r.Id,
            FileName = r.FileName,
            Force = db.Organisations.Where(o => o.Id == r.NotifyingPoliceForceId).Select(o => o.Name).FirstOrDefault(),
            Status = r.Status,
            CreatedAt = r.CreatedAt,
            Rows = r.Rows,
            Created = r.Created,
            Rejected = r.Rejected,
            FileProblem = r.FileProblem != null,
        });
    }
}

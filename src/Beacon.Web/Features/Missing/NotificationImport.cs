using System.Text;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Missing;

/// <summary>One rejected row: its line in the file, the column at fault and why.</summary>
public sealed record RowProblem(long Line, string Column, string Reason);

/// <summary>What an import did.</summary>
public sealed class ImportReport
{
    public const int MaxProblemsKept = 1000;

    public long Rows { get; set; }

    public long Created { get; set; }

    public long Unchanged { get; set; }

    public long Updated { get; set; }

    public long Rejected { get; set; }

    /// <summary>A whole-file problem (e.g. a missing column): nothing was imported.</summary>
    public string? FileProblem { get; set; }

    /// <summary>The first <see cref="MaxProblemsKept"/> problems (all are in the rejected-rows file).</summary>
    public List<RowProblem> Problems { get; } = [];

    public void Reject(long line, string column, string reason)
    {
        if (Problems.Count < MaxProblemsKept)
        {
            Problems.Add(new RowProblem(line, column, reason));
        }
    }
}

/// <summary>
/// Imports a notifications CSV (issue #3 §1): header row, UTF-8, columns in any order, unknown columns ignored. Good rows
/// are imported in batches (each batch one transaction), bad rows are reported with line, column and reason and written
/// to a rejected-rows CSV — the original columns plus <c>rejection_reasons</c> — that can be fixed and imported again.
/// Re-importing a file creates nothing new (idempotent on police_reference). Streams: memory stays flat.
/// </summary>
public sealed class NotificationImport(BeaconDbContext db, NotificationIntake intake, IClock clock)
{
    public const int BatchSize = 1000;

    public async Task<ImportReport> ImportAsync(Stream csv, TextWriter rejected, Guid? notifyingPoliceForceId, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = new ImportReport();
        var reference = await NotificationReferenceData.LoadAsync(db, cancellationToken);
        var reader = new CsvRecordReader(csv);
        string[]? header = null;
        Dictionary<string, int>? index = null;
        var batch = new List<(CsvRecord Record, NotificationCommand Command)>(BatchSize);
        var reasonsColumn = -1;

        await foreach (var record in reader.ReadAllAsync(cancellationToken))
        {
            if (header is null)
            {
                header = record.Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
                index = header.Select((name, i) => (name, i)).GroupBy(x => x.name).ToDictionary(g => g.Key, g => g.First().i);
                var missing = NotificationInput.Columns.Where(c => !index.ContainsKey(c)).ToList();
                var duplicated = header.GroupBy(h => h).Where(g => g.Count() > 1 && g.Key.Length > 0).Select(g => g.Key).ToList();
                if (record.Problem is not null || missing.Count > 0 || duplicated.Count > 0)
                {
                    report.FileProblem = record.Problem is not null ? $"The header row could not be read: {record.Problem}"
                        : missing.Count > 0 ? $"The file has no column {string.Join(", ", missing)}. The header row must name all of: {string.Join(", ", NotificationInput.Columns)}."
                        : $"The column {string.Join(", ", duplicated)} appears more than once.";
                    return report;
                }

                // A rejected-rows file being re-imported already has the reasons column: reuse it.
                reasonsColumn = Array.IndexOf(header, "rejection_reasons");
                await rejected.WriteLineAsync(CsvWriting.Row(reasonsColumn >= 0 ? header : header.Append("rejection_reasons")));
                continue;
            }

            report.Rows++;
            if (record.Problem is not null)
            {
                Reject(report, rejected, reasonsColumn, record, [new FieldError("row", record.Problem)]);
                continue;
            }

            if (record.Fields.Count != header.Length)
            {
                Reject(report, rejected, reasonsColumn, record, [new FieldError("row", $"the row has {record.Fields.Count} values but the header has {header.Length} columns")]);
                continue;
            }

            var input = NotificationInput.FromColumns(column => record.Fields[index![column]]);
            var (command, errors) = NotificationValidator.Validate(input, reference, clock.GetCurrentInstant());
            if (command is null)
            {
                Reject(report, rejected, reasonsColumn, record, errors);
                continue;
            }

            batch.Add((record, command));
            if (batch.Count >= BatchSize)
            {
                await FlushAsync(batch, report, rejected, reasonsColumn, notifyingPoliceForceId, cancellationToken);
                progress?.Report(report.Rows);
            }
        }

        if (header is null)
        {
            report.FileProblem = "The file is empty: it needs a header row and at least one notification.";
            return report;
        }

        await FlushAsync(batch, report, rejected, reasonsColumn, notifyingPoliceForceId, cancellationToken);
        progress?.Report(report.Rows);
        await rejected.FlushAsync(cancellationToken);
        return report;
    }

    private async Task FlushAsync(List<(CsvRecord Record, NotificationCommand Command)> batch, ImportReport report, TextWriter rejected, int reasonsColumn, Guid? police, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var results = await intake.ReceiveAsync(batch.Select(b => b.Command).ToList(), "import", police, cancellationToken);
        db.ChangeTracker.Clear();
        for (var i = 0; i < results.Count; i++)
        {
            switch (results[i].Outcome)
            {
                case IntakeOutcome.Created:
                    report.Created++;
                    break;
                case IntakeOutcome.Updated:
                    report.Updated++;
                    break;
                case IntakeOutcome.Unchanged:
                    report.Unchanged++;
                    break;
                default:
                    Reject(report, rejected, reasonsColumn, batch[i].Record, results[i].Differences.Select(d => new FieldError(d.Field, "differs from the notification already received with this police_reference")).ToList());
                    break;
            }
        }

        batch.Clear();
    }

    private static void Reject(ImportReport report, TextWriter rejected, int reasonsColumn, CsvRecord record, IReadOnlyList<FieldError> errors)
    {
        report.Rejected++;
        foreach (var error in errors)
        {
            report.Reject(record.Line, error.Field, error.Message);
        }

        var reasons = string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
        var text = $"line {record.Line}: {reasons}";
        var fields = record.Fields.ToList();
        if (reasonsColumn >= 0 && reasonsColumn < fields.Count)
        {
            fields[reasonsColumn] = text;
        }
        else
        {
            fields.Add(text);
        }

        rejected.WriteLine(CsvWriting.Row(fields));
    }

    /// <summary>Encoding for rejected-rows files.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(false);
}

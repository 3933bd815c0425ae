namespace Beacon.Web.Infrastructure.Csv;

/// <summary>A problem with one field, keyed by its column / JSON name.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>One rejected row: its line in the file, the column at fault and why.</summary>
public sealed record RowProblem(long Line, string Column, string Reason);

/// <summary>What happened to one valid row when its batch was saved.</summary>
public enum RowResult
{
    Created,
    Updated,
    Unchanged,
    Rejected,
}

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
}

/// <summary>
/// The shared CSV import loop (issue #3 §1 and §6): header row, UTF-8, columns in any order, unknown columns ignored.
/// Valid rows are saved in batches (each batch one transaction, by <c>saveBatch</c>); bad rows are reported with line,
/// column and reason and written to a rejected-rows CSV — the original columns plus <c>rejection_reasons</c> — that can
/// be fixed and imported again. Streams: memory stays flat whatever the file size.
/// </summary>
public static class CsvImporter
{
    public delegate (TCommand? Command, IReadOnlyList<FieldError> Errors) Validate<TCommand>(Func<string, string?> value);

    public delegate Task<IReadOnlyList<(RowResult Result, IReadOnlyList<FieldError> Errors)>> SaveBatch<TCommand>(IReadOnlyList<TCommand> batch, CancellationToken cancellationToken);

    public static async Task<ImportReport> RunAsync<TCommand>(Stream csv, TextWriter rejected, IReadOnlyList<string> columns, Validate<TCommand> validate, SaveBatch<TCommand> saveBatch, int batchSize, IProgress<long>? progress, CancellationToken cancellationToken)
        where TCommand : class
    {
        var report = new ImportReport();
        string[]? header = null;
        Dictionary<string, int> index = [];
        var reasonsColumn = -1;
        var batch = new List<(CsvRecord Record, TCommand Command)>(batchSize);

        void Reject(CsvRecord record, IReadOnlyList<FieldError> errors)
        {
            report.Rejected++;
            foreach (var error in errors.Where(_ => report.Problems.Count < ImportReport.MaxProblemsKept))
            {
                report.Problems.Add(new RowProblem(record.Line, error.Field, error.Message));
            }

            var text = $"line {record.Line}: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}";
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

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            var results = await saveBatch(batch.Select(b => b.Command).ToList(), cancellationToken);
            for (var i = 0; i < results.Count; i++)
            {
                switch (results[i].Result)
                {
                    case RowResult.Created:
                        report.Created++;
                        break;
                    case RowResult.Updated:
                        report.Updated++;
                        break;
                    case RowResult.Unchanged:
                        report.Unchanged++;
                        break;
                    default:
                        Reject(batch[i].Record, results[i].Errors);
                        break;
                }
            }

            batch.Clear();
            progress?.Report(report.Rows);
        }

        await foreach (var record in new CsvRecordReader(csv).ReadAllAsync(cancellationToken))
        {
            if (header is null)
            {
                header = record.Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
                index = header.Select((name, i) => (name, i)).GroupBy(x => x.name).ToDictionary(g => g.Key, g => g.First().i);
                var missing = columns.Where(c => !index.ContainsKey(c)).ToList();
                var duplicated = header.GroupBy(h => h).Where(g => g.Count() > 1 && g.Key.Length > 0).Select(g => g.Key).ToList();
                report.FileProblem = record.Problem is not null ? $"The header row could not be read: {record.Problem}"
                    : missing.Count > 0 ? $"The file has no column {string.Join(", ", missing)}. The header row must name all of: {string.Join(", ", columns)}."
                    : duplicated.Count > 0 ? $"The column {string.Join(", ", duplicated)} appears more than once."
                    : null;
                if (report.FileProblem is not null)
                {
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
                Reject(record, [new FieldError("row", record.Problem)]);
                continue;
            }

            if (record.Fields.Count != header.Length)
            {
                Reject(record, [new FieldError("row", $"the row has {record.Fields.Count} values but the header has {header.Length} columns")]);
                continue;
            }

            var (command, errors) = validate(column => index.TryGetValue(column, out var at) ? record.Fields[at] : null); // an optional column may be absent
            if (command is null)
            {
                Reject(record, errors);
                continue;
            }

            batch.Add((record, command));
            if (batch.Count >= batchSize)
            {
                await FlushAsync();
            }
        }

        if (header is null)
        {
            report.FileProblem = "The file is empty: it needs a header row and at least one data row.";
            return report;
        }

        await FlushAsync();
        await rejected.FlushAsync(cancellationToken);
        return report;
    }
}

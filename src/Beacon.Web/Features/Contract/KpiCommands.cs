using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Domain.Contract;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Csv;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Contract;

/// <summary><c>beacon report kpis --financial-year 2024 --format csv|json|xlsx</c> (issue #18 §2): one row per indicator,
/// period and council. CSV and JSON keep codes (indicator id, council code, RAG code); the workbook shows labels and has
/// a sheet of definitions.</summary>
public sealed class KpiCommands : IFeatureCommands
{
    public static readonly string[] Columns = ["indicator", "period", "council", "value", "target", "rag", "benchmark"];

    public void Register(CliCommands cli)
    {
        var year = new Option<int>("--financial-year") { Description = "The financial year starting in April of this year (2024 = April 2024 to March 2025)", Required = true };
        var format = new Option<string>("--format") { Description = "csv, json or xlsx (xlsx needs --out)", DefaultValueFactory = _ => "csv" };
        var council = new Option<string?>("--council") { Description = "Only this council's rows (its organisation code, e.g. LA-860, or ALL for the whole area)" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var report = new Command("kpis", "KPIs against targets: each indicator per month, quarter and year to date, per council and the whole area, with target, RAG rating and national benchmark.") { year, format, council, outFile };
        report.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var (y, f, file) = (r.GetValue(year), r.GetValue(format)!.ToLowerInvariant(), r.GetValue(outFile));
            if (f is not ("csv" or "json" or "xlsx") || (f == "xlsx" && file is null) || y is < 2000 or > 2100)
            {
                await cli.Error.WriteLineAsync("beacon: --format must be csv, json or xlsx (with --out); --financial-year like 2024");
                return 2;
            }

            var rows = await sp.GetRequiredService<KpiReport>().ComputeAsync(y, r.GetValue(council), ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "Kpis", y.ToString(CultureInfo.InvariantCulture), cancellationToken: ct);
            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(file!.FullName, ToXlsx(rows), ct);
                return 0;
            }

            var text = f == "csv" ? ToCsv(rows) : ToJson(rows);
            if (file is not null)
            {
                await File.WriteAllTextAsync(file.FullName, text, NotificationImport.Utf8, ct);
            }
            else
            {
                await cli.Output.WriteAsync(text);
            }

            return 0;
        }));
        cli.Report.Subcommands.Add(report);
    }

    /// <summary>A value as a plain number to the indicator's places (blank for none).</summary>
    public static string Number(KpiRow row, decimal? value) => value is { } v ? Rounding.Format(v, row.Definition.Places) : string.Empty;

    public static string ToCsv(IEnumerable<KpiRow> rows)
    {
        var text = new StringBuilder().AppendLine(string.Join(",", Columns));
        foreach (var r in rows)
        {
            text.AppendLine(CsvWriting.Row([r.Indicator, r.Period, r.Council, Number(r, r.Value), Number(r, r.Target), r.Rag ?? string.Empty, Number(r, r.Benchmark)]));
        }

        return text.ToString();
    }

    public static string ToJson(IEnumerable<KpiRow> rows) =>
        JsonSerializer.Serialize(rows.Select(r => new { indicator = r.Indicator, period = r.Period, council = r.Council, value = r.Value, target = r.Target, rag = r.Rag, benchmark = r.Benchmark }),
            new JsonSerializerOptions { WriteIndented = true });

    public static byte[] ToXlsx(IEnumerable<KpiRow> rows) => XlsxWriting.Write(
    [
        new XlsxSheet("KPIs", ["Indicator", "Period", "Council", "Value", "Target", "Rating", "National benchmark"],
            rows.Select(r => (IReadOnlyList<object?>)[r.Definition.Name, r.Period, r.CouncilName, r.Value, r.Target, Rag.Label(r.Rag), r.Benchmark])),
        new XlsxSheet("Definitions", ["Indicator", "Code", "Definition", "Formula", "Direction", "Unit"],
            Kpis.All.Select(k => (IReadOnlyList<object?>)[k.Name, k.Id, k.Definition, k.Formula, k.Direction, k.Unit.ToString()])),
    ]);
}

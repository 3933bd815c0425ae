using System.CommandLine;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Mentoring;

/// <summary><c>beacon report mentoring --financial-year 2024 --format csv|json|xlsx</c> (issue #20 §7; docs/decisions/0016).</summary>
internal sealed class MentoringCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        var year = new Option<int>("--financial-year") { Description = "The financial year starting in April of this year (2024 = April 2024 to March 2025)", Required = true };
        var format = new Option<string>("--format") { Description = "csv, json or xlsx (xlsx needs --out)", DefaultValueFactory = _ => "csv" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var command = new Command("mentoring", "Mentors and volunteers by month: the register at each month end, matches, contacts and hours, supervision and wellbeing on time, participation events and partner training.") { year, format, outFile };
        command.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var (y, f, file) = (r.GetValue(year), r.GetValue(format)!.ToLowerInvariant(), r.GetValue(outFile));
            if (f is not ("csv" or "json" or "xlsx") || (f == "xlsx" && file is null) || y is < 2000 or > 2100)
            {
                await cli.Error.WriteLineAsync("beacon: --financial-year must be a year (e.g. 2024); --format csv, json or xlsx (xlsx needs --out)");
                return 2;
            }

            var report = sp.GetRequiredService<MentoringReport>();
            var (rows, breakdown) = (await report.BuildAsync(y, ct), await report.BreakdownAsync(y, ct));
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", nameof(MentoringReport), y.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: ct);
            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(file!.FullName, MentoringReport.ToXlsx(rows, breakdown), ct);
                return 0;
            }

            var text = f == "csv" ? MentoringReport.ToCsv(rows) : MentoringReport.ToJson(y, rows, breakdown);
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
        cli.Report.Subcommands.Add(command);
    }
}

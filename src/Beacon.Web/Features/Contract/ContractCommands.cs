using System.CommandLine;
using System.CommandLine.Invocation;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.Reports;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Contract;

/// <summary>The contract view's commands (issue #18): <c>beacon report missing-quarterly --by cohort</c> and
/// <c>beacon report annual-contract --financial-year 2024 --format xlsx|json [--suppress]</c>.</summary>
public sealed class ContractCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        var year = new Option<int>("--financial-year") { Description = "The contract year: the financial year starting in April of this year (2024 = April 2024 to March 2025)", Required = true };
        var format = new Option<string>("--format") { Description = "json or xlsx (xlsx needs --out)", DefaultValueFactory = _ => "json" };
        var suppress = new Option<bool>("--suppress") { Description = "Suppress small numbers for publication: counts 1 to 4 as <5, with secondary suppression" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var annual = new Command("annual-contract", "The annual contract report for commissioners: missing, exploitation, KPIs, budget and spend, hardship fund, spot purchases, mentors and outcomes.") { year, format, suppress, outFile };
        annual.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var (y, f, file) = (r.GetValue(year), r.GetValue(format)!.ToLowerInvariant(), r.GetValue(outFile));
            if (f is not ("json" or "xlsx") || (f == "xlsx" && file is null) || y is < 2000 or > 2100)
            {
                await cli.Error.WriteLineAsync("beacon: --format must be json or xlsx (with --out); --financial-year like 2024");
                return 2;
            }

            var report = await sp.GetRequiredService<AnnualContractReport>().BuildAsync(y, r.GetValue(suppress), ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "AnnualContractReport", $"{y}{(report.Suppressed ? "/suppressed" : string.Empty)}", cancellationToken: ct);
            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(file!.FullName, AnnualContractReport.ToXlsx(report), ct);
            }
            else if (file is not null)
            {
                await File.WriteAllTextAsync(file.FullName, AnnualContractReport.ToJson(report), NotificationImport.Utf8, ct);
            }
            else
            {
                await cli.Output.WriteAsync(AnnualContractReport.ToJson(report));
            }

            return 0;
        }));
        cli.Report.Subcommands.Add(annual);
    }

    /// <summary>Adds <c>--by cohort</c> to the missing return (called where that command is built): the same areas and
    /// periods split by cohort and corporate parent (issue #18 §1). Without it the command is unchanged.</summary>
    internal static void AddCohortSplit(CliCommands cli, Command missing)
    {
        if (missing.Action is not AsynchronousCommandLineAction original)
        {
            throw new InvalidOperationException("missing-quarterly has no action to extend");
        }

        var by = new Option<string?>("--by") { Description = "cohort: split each area and period by cohort (home, council care, placed by another council) and corporate parent" };
        missing.Options.Add(by);
        missing.SetAction((r, ct) =>
        {
            if (r.GetValue(by) is not { } split)
            {
                return original.InvokeAsync(r, ct);
            }

            return cli.WithServices(async sp =>
            {
                var year = r.GetValue<int?>("--financial-year");
                var (format, period, outFile) = (r.GetValue<string>("--format")!.ToLowerInvariant(), r.GetValue<string>("--period")!.ToLowerInvariant(), r.GetValue<FileInfo?>("--out"));
                if (split != "cohort" || year is null || format is not ("csv" or "json" or "xlsx") || period is not ("quarterly" or "monthly" or "annual") || (format == "xlsx" && outFile is null))
                {
                    await cli.Error.WriteLineAsync("beacon: --by cohort needs --financial-year; --format csv, json or xlsx (with --out); --period quarterly, monthly or annual");
                    return 2;
                }

                var rows = await sp.GetRequiredService<MissingReturnByCohort>().BuildAsync(year.Value, period, ct);
                await sp.GetRequiredService<AuditLog>().RecordAsync("export", "MissingReturnByCohort", $"{year}/{period}", cancellationToken: ct);
                if (format == "xlsx")
                {
                    await File.WriteAllBytesAsync(outFile!.FullName, MissingReturnByCohort.ToXlsx(rows, period), ct);
                    return 0;
                }

                var text = format == "csv" ? MissingReturnByCohort.ToCsv(rows, period) : MissingReturnByCohort.ToJson(rows, period);
                if (outFile is not null)
                {
                    await File.WriteAllTextAsync(outFile.FullName, text, NotificationImport.Utf8, ct);
                }
                else
                {
                    await cli.Output.WriteAsync(text);
                }

                return 0;
            });
        });
    }
}

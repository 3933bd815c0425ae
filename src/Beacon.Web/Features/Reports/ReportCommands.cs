using System.CommandLine;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Reports;

/// <summary><c>beacon report missing-quarterly</c> and <c>exploitation-quarterly</c>. (docs/decisions/0016)</summary>
internal sealed class ReportCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        AddReports(cli);
    }

    private static void AddReports(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var year = new Option<int?>("--financial-year") { Description = "The financial year starting in April of this year (2020 = April 2020 to March 2021); not needed with --month" };
        var month = new Option<string?>("--month") { Description = "One month's return instead, yyyy-MM (e.g. 2020-07), with the previous month and the same month last year" };
        var format = new Option<string>("--format") { Description = "csv, json or xlsx (xlsx needs --out)", DefaultValueFactory = _ => "csv" };
        var period = new Option<string>("--period") { Description = "quarterly, monthly or annual", DefaultValueFactory = _ => "quarterly" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var benchmark = new Option<int?>("--benchmark") { Description = "Instead of writing the return, time it this many times against the same figures as one bare SQL query" };
        var definitions = new Option<bool>("--definitions") { Description = "Instead of the return, what each of its columns counts (csv or json)" };
        var missing = new Command("missing-quarterly", "The missing return by district, locality and whole area (Q1 = April to June, UK time).") { year, month, format, period, outFile, benchmark, definitions };
        missing.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var (f, p) = (r.GetValue(format)!.ToLowerInvariant(), r.GetValue(period)!.ToLowerInvariant());
            if (r.GetValue(definitions))
            {
                if (f is not ("csv" or "json"))
                {
                    await error.WriteLineAsync("beacon: --definitions are written as csv or json");
                    return 2;
                }

                await output.WriteAsync(Beacon.Web.Features.Reports.MissingReturn.Definitions(f));
                return 0;
            }

            var oneMonth = r.GetValue(month) is { } monthText ? NodaTime.Text.LocalDatePattern.CreateWithInvariantCulture("yyyy-MM").Parse(monthText) : null;
            if (oneMonth is { Success: false } || (oneMonth is null && r.GetValue(year) is null))
            {
                await error.WriteLineAsync("beacon: give --financial-year (e.g. 2020), or --month as yyyy-MM (e.g. 2020-07)");
                return 2;
            }

            var y = oneMonth is { } m ? Beacon.Domain.Reporting.FinancialYear.Of(m.Value) : r.GetValue(year)!.Value;
            p = oneMonth is null ? p : "monthly";
            if (r.GetValue(benchmark) is { } runs)
            {
                var result = await sp.GetRequiredService<Beacon.Web.Features.Reports.MissingReturnBenchmark>().RunAsync(y, Math.Max(1, runs), ct);
                var (report, sql) = (Beacon.Web.Features.Reports.BenchmarkResult.Median(result.ReportMilliseconds), Beacon.Web.Features.Reports.BenchmarkResult.Median(result.SqlMilliseconds));
                await output.WriteLineAsync($"{result.Episodes:N0} episodes. Quarterly return {y}: median {report:N0} ms (of {string.Join(", ", result.ReportMilliseconds.Select(t => t.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}); bare SQL median {sql:N0} ms; ratio {report / Math.Max(sql, 0.001):N2}.");
                await output.WriteLineAsync(result.Disagreements.Count == 0 ? "District figures agree with the bare SQL." : $"Disagreements:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", result.Disagreements)}");
                return result.Disagreements.Count == 0 ? 0 : 1;
            }

            if (f is not ("csv" or "json" or "xlsx") || p is not ("quarterly" or "monthly" or "annual") || (f == "xlsx" && r.GetValue(outFile) is null))
            {
                await error.WriteLineAsync("beacon: --format must be csv, json or xlsx (with --out); --period quarterly, monthly or annual");
                return 2;
            }

            var rows = await sp.GetRequiredService<Beacon.Web.Features.Reports.MissingReturn>().BuildAsync(y, p, ct);
            if (oneMonth is { } only)
            {
                var label = only.Value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
                rows = [.. rows.Where(row => row.Period == label)];
            }

            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "MissingReturn", oneMonth is null ? $"{y}/{p}" : $"{y}/{r.GetValue(month)}", cancellationToken: ct);
            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(r.GetValue(outFile)!.FullName, Beacon.Web.Features.Reports.MissingReturn.ToXlsx(rows, p), ct);
                return 0;
            }

            var text = f == "csv" ? Beacon.Web.Features.Reports.MissingReturn.ToCsv(rows, p) : Beacon.Web.Features.Reports.MissingReturn.ToJson(rows, p);
            if (r.GetValue(outFile) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, NotificationImport.Utf8, ct);
            }
            else
            {
                await output.WriteAsync(text);
            }

            return 0;
        }));
        Contract.ContractCommands.AddCohortSplit(cli, missing); // --by cohort (issue #18 §1)
        var (eYear, eFormat, ePeriod, eOut) = (new Option<int>("--financial-year") { Description = year.Description, Required = true },
            new Option<string>("--format") { Description = "csv, json or xlsx (xlsx needs --out; its sheets hold the whole return)", DefaultValueFactory = _ => "csv" },
            new Option<string>("--period") { Description = period.Description, DefaultValueFactory = _ => "quarterly" },
            new Option<FileInfo?>("--out") { Description = outFile.Description });
        var byAgency = new Option<bool>("--by-agency") { Description = "As csv: referrals by referrer agency beside training delivered to partners (issue #20 §6), instead of by area and risk level" };
        var exploitation = new Command("exploitation-quarterly", "Exploitation referrals by district, locality and whole area and risk level (Q1 = April to June), with panel activity and referrals by referrer agency beside partner training.") { eYear, eFormat, ePeriod, eOut, byAgency };
        exploitation.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var (y, f, p) = (r.GetValue(eYear), r.GetValue(eFormat)!.ToLowerInvariant(), r.GetValue(ePeriod)!.ToLowerInvariant());
            if (f is not ("csv" or "json" or "xlsx") || p is not ("quarterly" or "monthly" or "annual") || (f == "xlsx" && r.GetValue(eOut) is null))
            {
                await error.WriteLineAsync("beacon: --format must be csv, json or xlsx (with --out); --period quarterly, monthly or annual");
                return 2;
            }

            var result = await sp.GetRequiredService<Beacon.Web.Features.Reports.ExploitationReturn>().BuildAsync(y, p, ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "ExploitationReturn", $"{y}/{p}{(r.GetValue(byAgency) ? "/by-agency" : "")}", cancellationToken: ct);
            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(r.GetValue(eOut)!.FullName, Beacon.Web.Features.Reports.ExploitationReturn.ToXlsx(result, p), ct);
                return 0;
            }

            var text = f == "json" ? Beacon.Web.Features.Reports.ExploitationReturn.ToJson(result)
                : r.GetValue(byAgency) ? Beacon.Web.Features.Reports.ExploitationReturn.ToAgencyCsv(result) : Beacon.Web.Features.Reports.ExploitationReturn.ToCsv(result, p);
            if (r.GetValue(eOut) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, NotificationImport.Utf8, ct);
            }
            else
            {
                await output.WriteAsync(text);
            }

            return 0;
        }));
        cli.Report.Subcommands.Add(missing);
        cli.Report.Subcommands.Add(exploitation);
    }
}

using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;
using System.CommandLine;

namespace Beacon.Web.Features.Onward;

/// <summary><c>beacon report onward-referrals</c> (issue #19 §3).</summary>
public sealed class OnwardCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        var year = new Option<int>("--financial-year") { Description = "The financial year starting in April of this year (2024 = April 2024 to March 2025)", Required = true };
        var format = new Option<string>("--format") { Description = "csv, json or xlsx (xlsx needs --out)", DefaultValueFactory = _ => "csv" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var report = new Command("onward-referrals", "Onward referrals made in the year by kind of resource and district: counts, median wait from made to started, % started.") { year, format, outFile };
        report.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var (y, f, file) = (r.GetValue(year), r.GetValue(format)!.ToLowerInvariant(), r.GetValue(outFile));
            if (f is not ("csv" or "json" or "xlsx") || (f == "xlsx" && file is null) || y is < 2000 or > 2100)
            {
                await cli.Error.WriteLineAsync("beacon: --format must be csv, json or xlsx (with --out); --financial-year like 2024");
                return 2;
            }

            var result = await sp.GetRequiredService<OnwardReport>().BuildAsync(y, ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "OnwardReferralReport", y.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: ct);
            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(file!.FullName, OnwardReport.ToXlsx(result), ct);
                return 0;
            }

            var text = f == "csv" ? OnwardReport.ToCsv(result) : OnwardReport.ToJson(result);
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
}

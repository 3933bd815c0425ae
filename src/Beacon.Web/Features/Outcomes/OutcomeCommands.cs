using System.CommandLine;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Outcomes;

/// <summary><c>beacon import outcome-readings</c> and <c>beacon report outcomes</c> (issue #19 §1).</summary>
public sealed class OutcomeCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        // Police person ids are the notifying force's (issue #16): name it when the partnership has several.
        var force = new Option<string?>("--force") { Description = "Organisation code of the police force whose person ids the file uses (default: the only force, if there is one)" };
        var import = cli.ImportCommand("outcome-readings", "Import the previous provider's outcome readings (one row per child, date and life area; import the notifications first).",
            async (sp, r, input, rejected, progress, ct) =>
            {
                var db = sp.GetRequiredService<BeaconDbContext>();
                var code = r.GetValue(force);
                var police = await db.Organisations.Where(o => o.Kind == OrganisationKind.Police && (code == null || o.Code == code)).Select(o => (Guid?)o.Id).ToListAsync(ct);
                if (code is not null && police.Count == 0)
                {
                    return new ImportReport { FileProblem = $"no police force with the code {code}" };
                }

                if (police.Count > 1)
                {
                    return new ImportReport { FileProblem = "the partnership has several police forces: name the one whose person ids the file uses with --force" };
                }

                return await sp.GetRequiredService<OutcomeImport>().ImportAsync(input, rejected, police.SingleOrDefault(), progress, ct);
            });
        import.Options.Add(force);
        cli.Import.Subcommands.Add(import);

        var year = new Option<int>("--financial-year") { Description = "The financial year starting in April of this year (2024 = April 2024 to March 2025)", Required = true };
        var format = new Option<string>("--format") { Description = "csv, json or xlsx (xlsx needs --out)", DefaultValueFactory = _ => "csv" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var report = new Command("outcomes", "Progress in the life areas by district, locality and whole area; areas improved per child; key-work closures with reduced risk.") { year, format, outFile };
        report.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var (y, f, file) = (r.GetValue(year), r.GetValue(format)!.ToLowerInvariant(), r.GetValue(outFile));
            if (f is not ("csv" or "json" or "xlsx") || (f == "xlsx" && file is null) || y is < 2000 or > 2100)
            {
                await cli.Error.WriteLineAsync("beacon: --format must be csv, json or xlsx (with --out); --financial-year like 2024");
                return 2;
            }

            var result = await sp.GetRequiredService<OutcomeReport>().BuildAsync(y, ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "OutcomeReport", y.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: ct);
            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(file!.FullName, OutcomeReport.ToXlsx(result), ct);
                return 0;
            }

            var text = f == "csv" ? OutcomeReport.ToCsv(result) : OutcomeReport.ToJson(result);
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

using System.CommandLine;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;

namespace Beacon.Web.Features.SpotPurchase;

/// <summary><c>beacon report spot-purchase-invoices --council 860 --month 2024-05 --format csv|xlsx</c> (issue #18 §5).</summary>
public sealed class SpotPurchaseCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        var council = new Option<int>("--council") { Description = "The purchasing council's DfE number, like 860", Required = true };
        var month = new Option<string>("--month") { Description = "The calendar month, written yyyy-mm, like 2024-05", Required = true };
        var format = new Option<string>("--format") { Description = "csv or xlsx (xlsx needs --out)", DefaultValueFactory = _ => "csv" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var command = new Command("spot-purchase-invoices", "A purchasing council's monthly invoice for spot-purchased return interviews: reference, date of return and price.") { council, month, format, outFile };
        command.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var (f, file, m) = (r.GetValue(format)!.ToLowerInvariant(), r.GetValue(outFile), YearMonthPattern.Iso.Parse(r.GetValue(month) ?? string.Empty));
            if (f is not ("csv" or "xlsx") || (f == "xlsx" && file is null) || !m.Success || m.Value.Year is < 2000 or > 2100)
            {
                await cli.Error.WriteLineAsync("beacon: --format must be csv or xlsx (with --out); --month like 2024-05");
                return 2;
            }

            if (await sp.GetRequiredService<SpotPurchaseCharges>().InvoiceAsync(r.GetValue(council), m.Value, ct) is not { } invoice)
            {
                await cli.Error.WriteLineAsync($"beacon: no council of the partnership has the DfE number {r.GetValue(council)}");
                return 2;
            }

            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(file!.FullName, SpotPurchaseCharges.ToXlsx(invoice), ct);
            }
            else if (file is not null)
            {
                await File.WriteAllTextAsync(file.FullName, SpotPurchaseCharges.ToCsv(invoice), NotificationImport.Utf8, ct);
            }
            else
            {
                await cli.Output.WriteAsync(SpotPurchaseCharges.ToCsv(invoice));
            }

            return 0;
        }));
        cli.Report.Subcommands.Add(command);
    }
}

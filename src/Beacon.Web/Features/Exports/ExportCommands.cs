using System.CommandLine;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Exports;

/// <summary><c>beacon export ssda903-missing</c>, <c>annex-a-missing</c> and <c>subject-access</c>. (docs/decisions/0016)</summary>
internal sealed class ExportCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        AddExports(cli);
    }

    private static void AddExports(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        Command Make(string name, string description, Option extra, Func<IServiceProvider, int, ParseResult, CancellationToken, Task<Beacon.Web.Features.Exports.ExportResult>> run)
        {
            var authority = new Option<int>("--authority") { Description = "The council's DfE LA number, e.g. 860", Required = true };
            var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
            var command = new Command(name, description) { authority, extra, outFile };
            command.SetAction((r, ct) => cli.WithServices(async sp =>
            {
                var result = await run(sp, r.GetValue(authority), r, ct);
                await sp.GetRequiredService<AuditLog>().RecordAsync("export", name, r.GetValue(authority).ToString(System.Globalization.CultureInfo.InvariantCulture), details: $"rows: {result.Rows}", cancellationToken: ct);
                if (r.GetValue(outFile) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, result.Csv, NotificationImport.Utf8, ct);
                    await output.WriteLineAsync($"Wrote {result.Rows} rows to {file.FullName}.");
                }
                else
                {
                    await output.WriteAsync(result.Csv);
                }

                foreach (var failure in result.Failures)
                {
                    await error.WriteLineAsync($"rule {failure.Rule}: child {failure.ChildReference} ({failure.LocalAuthorityChildId ?? "no council id"}): {failure.Message}");
                }

                return result.Failures.Count == 0 ? 0 : 3;
            }));
            return command;
        }

        var collectionYear = new Option<int>("--collection-year") { Description = "The collection year starting in April (2024 = April 2024 to March 2025)", Required = true };
        var asOf = new Option<string>("--as-of") { Description = "The date of the Annex A list, yyyy-mm-dd", Required = true };
        var export = cli.Export;
        export.Subcommands.Add(Make("ssda903-missing", "The SSDA903 Missing table for a council's looked-after children.", collectionYear,
            (sp, dfe, r, ct) => sp.GetRequiredService<Beacon.Web.Features.Exports.StatutoryExports>().Ssda903MissingAsync(dfe, r.GetValue(collectionYear), ct)));
        export.Subcommands.Add(Make("annex-a-missing", "Ofsted Annex A List 8's missing columns for a council's looked-after children.", asOf,
            (sp, dfe, r, ct) => NodaTime.Text.LocalDatePattern.Iso.Parse(r.GetValue(asOf) ?? string.Empty) is { Success: true } date
                ? sp.GetRequiredService<Beacon.Web.Features.Exports.StatutoryExports>().AnnexAMissingAsync(dfe, date.Value, ct)
                : throw new InvalidOperationException("--as-of must be a date written yyyy-mm-dd")));
        var child = new Option<Guid>("--child") { Description = "The child's Beacon id", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for subject-access.json and subject-access.html", Required = true };
        var subject = new Command("subject-access", "Everything held about one child (JSON and readable HTML) for a subject access request.") { child, outDir };
        subject.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var result = await sp.GetRequiredService<Beacon.Web.Features.Exports.SubjectAccess>().ExportAsync(r.GetValue(child), ct);
            if (result is null)
            {
                await error.WriteLineAsync("beacon: no child has that id");
                return 1;
            }

            var folder = r.GetValue(outDir)!;
            folder.Create();
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "subject-access.json"), result.Value.Json, NotificationImport.Utf8, ct);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "subject-access.html"), result.Value.Html, NotificationImport.Utf8, ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "SubjectAccess", r.GetValue(child).ToString(), cancellationToken: ct);
            await output.WriteLineAsync($"Wrote subject-access.json and subject-access.html to {folder.FullName}.");
            return 0;
        }));
        export.Subcommands.Add(subject);
    }
}

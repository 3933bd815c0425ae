using System.CommandLine;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Web.Infrastructure.Cli;

/// <summary>
/// A feature's commands for the <c>beacon</c> tool, kept beside its pages (docs/decisions/0016). The tool finds every
/// implementation in this assembly and calls <see cref="Register"/>; a feature adds top-level commands to
/// <see cref="CliCommands.Root"/> or subcommands to the shared <c>import</c>, <c>report</c> and <c>export</c> groups.
/// </summary>
public interface IFeatureCommands
{
    void Register(CliCommands cli);
}

/// <summary>The <c>beacon</c> command tree being built, and the one way its commands run: in a scope with the database
/// migrated, as a system actor named after the OS user, through the same handlers as the web app.</summary>
public sealed class CliCommands(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
{
    public RootCommand Root { get; } = new("Beacon: the Child Exploitation and Missing Children service's case-management tool.");

    public Command Import { get; } = new("import", "Import data from CSV files (bad rows go to a rejected-rows file to fix and re-import).");

    public Command Report { get; } = new("report", "Reports.");

    public Command Export { get; } = new("export", "Statutory exports (exit 3 when records would fail DfE rules; each is listed).");

    public TextWriter Output => output;

    public TextWriter Error => error;

    public IDictionary<string, string?>? Settings => settings;

    /// <summary>Adds every feature's commands (in a stable order) and the shared groups to the root.</summary>
    public RootCommand Build()
    {
        foreach (var feature in typeof(CliCommands).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFeatureCommands).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            ((IFeatureCommands)Activator.CreateInstance(feature)!).Register(this);
        }

        foreach (var group in new[] { Import, Report, Export })
        {
            if (!Root.Subcommands.Contains(group))
            {
                Root.Subcommands.Add(group);
            }
        }

        ListInOrder(Root);
        ListInOrder(Import);
        return Root;
    }

    // The order `beacon --help` has always listed the commands in; a command not named here follows them, in the order
    // its feature registered it.
    private static readonly string[] HelpOrder =
    [
        "migrate", "users", "tokens", "organisations", "audit", "demo", "backup", "restore", "jobs", "retention", "dev",
        "import", "report", "export", "notifications", "exploitation-referrals", "return-interviews",
    ];

    private static void ListInOrder(Command command)
    {
        var ordered = command.Subcommands.OrderBy(c => Array.IndexOf(HelpOrder, c.Name) is var i and >= 0 ? i : HelpOrder.Length).ToList();
        command.Subcommands.Clear();
        foreach (var subcommand in ordered)
        {
            command.Subcommands.Add(subcommand);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a scope with the database migrated, as a system actor.</summary>
    public async Task<int> WithServices(Func<IServiceProvider, Task<int>> work, bool prepare = true)
    {
        var builder = Host.CreateApplicationBuilder();
        Hosting.SecretFiles.AddBeaconSecretFiles(builder.Configuration);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBeaconCore();
        Hosting.KeyProtection.AddBeaconKeyProtection(builder.Services, builder.Configuration);
        using var host = builder.Build();
        var database = host.Services.GetRequiredService<DatabaseOptions>();
        if (database.Problem() is { } problem)
        {
            await error.WriteLineAsync($"beacon: {problem}");
            return 2;
        }

        try
        {
            if (prepare)
            {
                await host.Services.PrepareDatabaseAsync();
            }

            using var scope = host.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem($"console:{Environment.UserName}");
            return await work(scope.ServiceProvider);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"beacon: {ex.GetBaseException().Message}");
            return 1;
        }
    }

    /// <summary>One CSV import command: exit 0 when every row went in, 3 when some were rejected, 1 when the file was
    /// unusable. Rejected rows, with reasons, go to FILE.rejected.csv (or --rejected).</summary>
    public Command ImportCommand(string name, string description,
        Func<IServiceProvider, ParseResult, Stream, TextWriter, IProgress<long>, CancellationToken, Task<ImportReport>> run)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file (header row, UTF-8)" };
        var rejectedOption = new Option<FileInfo?>("--rejected") { Description = "Where to write rejected rows (default: FILE.rejected.csv)" };
        var command = new Command(name, description) { file, rejectedOption };
        command.SetAction((r, ct) => WithServices(async sp =>
        {
            var source = r.GetValue(file)!;
            if (!source.Exists)
            {
                await error.WriteLineAsync($"beacon: no such file: {source.FullName}");
                return 2;
            }

            var rejectedPath = r.GetValue(rejectedOption)?.FullName ?? Path.ChangeExtension(source.FullName, ".rejected.csv");
            var started = System.Diagnostics.Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            var progress = new SyncProgress(rows =>
            {
                if (started.Elapsed - lastReport >= TimeSpan.FromSeconds(2))
                {
                    lastReport = started.Elapsed;
                    error.WriteLine($"  {rows:N0} rows, {rows / Math.Max(started.Elapsed.TotalSeconds, 0.001):N0} rows/s");
                }
            });
            ImportReport report;
            await using (var input = source.OpenRead())
            await using (var rejected = new StreamWriter(rejectedPath, false, NotificationImport.Utf8))
            {
                report = await run(sp, r, input, rejected, progress, ct);
            }

            if (report.FileProblem is not null)
            {
                File.Delete(rejectedPath);
                await error.WriteLineAsync($"beacon: nothing imported: {report.FileProblem}");
                return 1;
            }

            await output.WriteLineAsync($"{report.Rows:N0} rows in {started.Elapsed.TotalSeconds:N1} s ({report.Rows / Math.Max(started.Elapsed.TotalSeconds, 0.001):N0} rows/s): {report.Created:N0} new, {report.Updated:N0} updated, {report.Unchanged:N0} already received, {report.Rejected:N0} rejected.");
            foreach (var problem in report.Problems.Take(20))
            {
                await output.WriteLineAsync($"  line {problem.Line}, {problem.Column}: {problem.Reason}");
            }

            if (report.Rejected == 0)
            {
                File.Delete(rejectedPath);
                return 0;
            }

            await output.WriteLineAsync($"Rejected rows, with reasons, are in {rejectedPath}: fix them and import that file.");
            return 3;
        }));
        return command;
    }

    /// <summary>Reports progress on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    public sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

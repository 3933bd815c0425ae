using System.Diagnostics;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Faults (issue #6 §3): the import process killed outright (SIGKILL) part-way through a large file leaves only whole
/// batches, an intact audit chain and a database that works; running the same import again completes it with no
/// duplicates. On each database.
/// </summary>
public abstract class FaultTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task An_import_killed_mid_file_leaves_whole_batches_and_re_running_it_completes_without_duplicates()
    {
        App.SkipIfUnavailable();
        const int rows = 12_000;
        var folder = Directory.CreateTempSubdirectory("beacon-kill-").FullName;
        var file = Path.Combine(folder, "notifications.csv");
        var seed = Random.Shared.Next(100_000, 999_999); // references SYN-<seed>-…, unique to this run
        await using (var writer = new StreamWriter(file))
        {
            var districts = await App.WithDb(db => db.Areas.Where(a => a.Kind != "county").Select(a => a.GssCode).ToListAsync());
            await Beacon.Web.Features.Demo.SyntheticNotifications.WriteAsync(writer, rows, NodaTime.SystemClock.Instance.GetCurrentInstant(), districts, seed);
        }

        var prefix = $"SYN-{seed}-";
        Task<int> CountAsync() => App.WithDb(db => db.Episodes.IgnoreQueryFilters().CountAsync(e => e.PoliceReference.StartsWith(prefix)));

        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "beacon"), ["import", "notifications", file]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["Beacon__Database__Provider"] = App.Provider.ToString();
        start.Environment["Beacon__Database__ConnectionString"] = App.ConnectionString;
        using (var process = Process.Start(start)!)
        {
            _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

            // Kill it as soon as some batches are in, long before the end.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await CountAsync() < 2000 && !process.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.False(process.HasExited, "the import finished before it could be killed; use a larger file");
            process.Kill(entireProcessTree: true); // SIGKILL: no clean-up runs
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var partial = await CountAsync();
        Assert.InRange(partial, 1, rows - 1);
        Assert.Equal(0, partial % Beacon.Web.Features.Missing.NotificationImport.BatchSize); // whole batches only

        var settings = new Dictionary<string, string?> { ["Beacon:Database:Provider"] = App.Provider.ToString(), ["Beacon:Database:ConnectionString"] = App.ConnectionString };
        var verify = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], verify, new StringWriter(), settings));

        var output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file], output, new StringWriter(), settings));
        Assert.Contains($"{rows - partial:N0} new", output.ToString());
        Assert.Contains($"{partial:N0} already received", output.ToString());
        Assert.Equal(rows, await CountAsync());
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], new StringWriter(), new StringWriter(), settings));
    }
}

public sealed class SqliteFaultTests(SqliteApp app) : FaultTests<SqliteApp>(app);

public sealed class PostgresFaultTests(PostgresApp app) : FaultTests<PostgresApp>(app);

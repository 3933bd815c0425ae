using System.Diagnostics;
using Beacon.Web.Tests.Support;
using Npgsql;

namespace Beacon.Web.Tests.Integration;

/// <summary>The documented PostgreSQL backup (README, "Backups"): <c>pg_dump --format=custom</c> of a live Beacon database
/// and <c>pg_restore</c> into an empty one give the same records and an intact audit chain with the same head.</summary>
public sealed class PostgresBackupTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Pg_dump_and_pg_restore_give_back_the_same_records_and_audit_chain()
    {
        app.SkipIfUnavailable();
        Assert.SkipWhen(!File.Exists("/usr/bin/pg_dump") && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "pg_dump is not installed");
        var source = new NpgsqlConnectionStringBuilder(app.ConnectionString);
        Dictionary<string, string?> Settings(string connection) => new() { ["Beacon:Database:Provider"] = "PostgreSql", ["Beacon:Database:ConnectionString"] = connection };
        var before = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], before, new StringWriter(), Settings(app.ConnectionString)));

        var dump = Path.Combine(Directory.CreateTempSubdirectory("beacon-pgdump-").FullName, "beacon.dump");
        var target = $"beacon_restore_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await new NpgsqlCommand($"CREATE DATABASE {target}", admin).ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        try
        {
            await RunAsync("pg_dump", $"--format=custom --file={dump} -h {source.Host} -p {source.Port} -U {source.Username} -d {source.Database}");
            await RunAsync("pg_restore", $"--no-owner --exit-on-error -h {source.Host} -p {source.Port} -U {source.Username} -d {target} {dump}");

            var restored = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = target }.ConnectionString;
            var after = new StringWriter();
            Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify", "--expect-head", Head(before.ToString())], after, new StringWriter(), Settings(restored)));
            Assert.Contains("Audit log intact", after.ToString());
            var users = new StringWriter();
            await Beacon.Cli.BeaconCli.RunAsync(["users", "list"], users, new StringWriter(), Settings(restored));
            Assert.Contains("practitioner@provider.beacon.example", users.ToString());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "postgres" }.ConnectionString);
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {target} WITH (FORCE)", admin).ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }

    private static string Head(string verifyOutput) => verifyOutput.Split("Head:")[1].Trim().Split(' ', '\n')[0].Trim();

    private static async Task RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
    }
}

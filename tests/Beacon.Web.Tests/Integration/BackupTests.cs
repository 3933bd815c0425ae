namespace Beacon.Web.Tests.Integration;

/// <summary><c>beacon backup</c> and <c>beacon restore</c> on SQLite, on a database of their own.</summary>
public sealed class BackupTests
{
    [Fact]
    public async Task A_backup_taken_online_restores_the_database_to_that_moment_with_the_audit_chain_intact()
    {
        var folder = Directory.CreateTempSubdirectory("beacon-backup-").FullName;
        var settings = new Dictionary<string, string?> { ["Beacon:Database:Provider"] = "Sqlite", ["Beacon:Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "beacon.db")}", ["Beacon:Demo:Years"] = "0" };
        Task<int> Run(StringWriter output, params string[] args) => Beacon.Cli.BeaconCli.RunAsync(args, output, new StringWriter(), settings);

        Assert.Equal(0, await Run(new StringWriter(), "demo", "seed"));
        var backup = Path.Combine(folder, "backup.db");
        Assert.Equal(0, await Run(new StringWriter(), "backup", "--to", backup));
        Assert.Equal(0, await Run(new StringWriter(), "users", "create", "--email", "after.backup@provider.beacon.example", "--name", "After Backup", "--organisation", "PROVIDER", "--role", "practitioner", "--password", "Correct-Horse-Battery-77"));

        var restored = new StringWriter();
        Assert.Equal(0, await Run(restored, "restore", "--from", backup));
        Assert.Contains("Audit log intact", restored.ToString());
        var users = new StringWriter();
        await Run(users, "users", "list");
        Assert.DoesNotContain("after.backup@", users.ToString());
        Assert.Contains("practitioner@provider.beacon.example", users.ToString());

        var notBeacon = Path.Combine(folder, "other.db");
        await File.WriteAllTextAsync(notBeacon, "not a database", TestContext.Current.CancellationToken);
        Assert.NotEqual(0, await Run(new StringWriter(), "restore", "--from", notBeacon));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

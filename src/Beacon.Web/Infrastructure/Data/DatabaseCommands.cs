using System.CommandLine;
using Beacon.Web.Infrastructure;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>The database's own commands: migrate, SQLite backup and restore, and the developer's schema script. (docs/decisions/0016)</summary>
internal sealed class DatabaseCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        cli.Root.Subcommands.Add(MigrateCommand(cli));
        cli.Root.Subcommands.Add(BackupCommand(cli));
        cli.Root.Subcommands.Add(RestoreCommand(cli));
        cli.Root.Subcommands.Add(DevCommand(cli));
    }

    private static Command MigrateCommand(CliCommands cli)
    {
        var output = cli.Output;
        var command = new Command("migrate", "Apply database migrations and reference data (start-up does this too, unless Beacon:Database:MigrateAtStartUp is false). Run it as the database owner role.");
        command.SetAction((_, ct) => cli.WithServices(async sp =>
        {
            var applied = await sp.PrepareDatabaseAsync(ct, migrate: true);
            await output.WriteLineAsync($"Applied {applied} migrations. Database is up to date.");
            return 0;
        }, prepare: false));
        return command;
    }

    private static Command BackupCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var to = new Option<FileInfo>("--to") { Description = "The backup file to write", Required = true };
        var backup = new Command("backup", "Back up the SQLite database while Beacon runs (consistent, online). For PostgreSQL use pg_dump (see README).") { to };
        backup.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            if (!db.Database.IsSqlite())
            {
                await error.WriteLineAsync("beacon: backup is for SQLite; for PostgreSQL use pg_dump --format=custom (README, \"Backups\").");
                return 2;
            }

            var target = r.GetValue(to)!.FullName;
            await using (var source = new Microsoft.Data.Sqlite.SqliteConnection(db.Database.GetConnectionString()))
            await using (var destination = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target};Pooling=False"))
            {
                await source.OpenAsync(ct);
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }

            await sp.GetRequiredService<AuditLog>().RecordAsync("backup", "Database", null, cancellationToken: ct);
            await output.WriteLineAsync($"Backed up to {target}.");
            return 0;
        }, prepare: false));
        return backup;
    }

    private static Command RestoreCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var from = new Option<FileInfo>("--from") { Description = "A backup made by beacon backup", Required = true };
        var restore = new Command("restore", "Replace the SQLite database with a backup (stop the web app first). Migrations then bring it up to date.") { from };
        restore.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            var file = r.GetValue(from)!;
            if (!db.Database.IsSqlite() || !file.Exists)
            {
                await error.WriteLineAsync(!file.Exists ? $"beacon: no such file: {file.FullName}" : "beacon: restore is for SQLite; for PostgreSQL use pg_restore (README).");
                return 2;
            }

            await using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file.FullName};Mode=ReadOnly;Pooling=False"))
            {
                await source.OpenAsync(ct);
                await using var check = source.CreateCommand();
                check.CommandText = "SELECT count(*) FROM sqlite_master WHERE name IN ('schema_versions', 'audit_entries')";
                if (Convert.ToInt32(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) != 2)
                {
                    await error.WriteLineAsync("beacon: that file is not a Beacon backup; nothing was changed.");
                    return 1;
                }

                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                await using var destination = new Microsoft.Data.Sqlite.SqliteConnection(db.Database.GetConnectionString() + ";Pooling=False");
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }

            await sp.PrepareDatabaseAsync(ct, migrate: true);
            var verify = await sp.GetRequiredService<AuditLog>().VerifyAsync(ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("restore", "Database", null, details: $"from backup; chain {(verify.IsIntact ? "intact" : "broken")}", cancellationToken: ct);
            await output.WriteLineAsync($"Restored from {file.FullName}. Audit log {(verify.IsIntact ? "intact" : "BROKEN: " + verify.Problem)} ({verify.EntriesChecked} entries).");
            return verify.IsIntact ? 0 : 3;
        }, prepare: false));
        return restore;
    }

    private static Command DevCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var script = new Command("schema-script", "Print the SQL that EF Core's model would create, for the configured provider: a starting point when writing a migration by hand.");
        script.SetAction((_, _) => cli.WithServices(async sp =>
        {
            await output.WriteLineAsync(sp.GetRequiredService<BeaconDbContext>().Database.GenerateCreateScript());
            return 0;
        }, prepare: false));
        var dev = new Command("dev", "Developer aids.");
        dev.Subcommands.Add(script);
        return dev;
    }
}

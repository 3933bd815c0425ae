using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Beacon.Migrations.PostgreSql;
using Beacon.Migrations.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>One versioned migration script.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

/// <summary>
/// Applies the hand-written SQL migrations of the configured provider (docs/decisions/0003): each script not yet
/// recorded in <c>schema_versions</c> runs in its own transaction together with its version row. A script changed after
/// it was applied, or a database newer than this build, stops start-up. On PostgreSQL a session advisory lock keeps
/// two instances from migrating at once; SQLite serialises writers itself.
/// </summary>
public sealed partial class MigrationRunner(BeaconDbContext db, IClock clock, ILogger<MigrationRunner> logger)
{
    private const long PostgresMigrationLockKey = 0x42_45_41_43_4F_4E_02;

    public static IReadOnlyList<MigrationScript> ScriptsFor(bool postgres)
    {
        var assembly = postgres ? PostgreSqlMigrations.Assembly : SqliteMigrations.Assembly;
        return assembly.GetManifestResourceNames()
            .Select(name => (name, match: ScriptName().Match(name)))
            .Where(x => x.match.Success)
            .Select(x => new MigrationScript(int.Parse(x.match.Groups["v"].Value, System.Globalization.CultureInfo.InvariantCulture), x.match.Groups["n"].Value, Read(assembly, x.name)))
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <summary>Applies pending migrations; returns how many were applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var postgres = db.Database.IsNpgsql();
        var scripts = ScriptsFor(postgres);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresMigrationLockKey})", cancellationToken);
            }

            await ExecuteAsync(connection, null, postgres
                ? "CREATE TABLE IF NOT EXISTS schema_versions (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamp with time zone NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS schema_versions (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)", cancellationToken);

            var applied = await AppliedAsync(connection, cancellationToken);
            var count = 0;
            foreach (var script in Pending(scripts, applied))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await using (var insert = connection.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO schema_versions (version, name, checksum, applied_at) VALUES (@v, @n, @c, @a)";
                    AddParameter(insert, "@v", script.Version);
                    AddParameter(insert, "@n", script.Name);
                    AddParameter(insert, "@c", script.Checksum);
                    AddParameter(insert, "@a", postgres ? clock.GetCurrentInstant().ToDateTimeUtc() : clock.GetCurrentInstant().ToString());
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version} {Name}", script.Version, script.Name);
                count++;
            }

            if (postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresMigrationLockKey})", cancellationToken);
            }

            return count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>For an instance that may not change the schema (<c>Beacon:Database:MigrateAtStartUp=false</c>): refuses
    /// to start unless every migration of this build has been applied, unchanged, by the owner role.</summary>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        var postgres = db.Database.IsNpgsql();
        var scripts = ScriptsFor(postgres);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = postgres
                ? "SELECT to_regclass('schema_versions') IS NOT NULL"
                : "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'";
            var applied = Convert.ToBoolean(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture)
                ? await AppliedAsync(connection, cancellationToken)
                : [];
            var pending = Pending(scripts, applied).ToList();
            if (pending.Count > 0)
            {
                throw new InvalidOperationException($"the database is at schema version {(applied.Count == 0 ? 0 : applied.Keys.Max())} and this build needs {scripts[^1].Version}: run `beacon migrate` (or `Beacon.Web migrate`) as the database owner role first (Beacon:Database:MigrateAtStartUp is false)");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The scripts not yet applied; refuses a database newer than this build or a script changed after it was applied.</summary>
    private static IEnumerable<MigrationScript> Pending(IReadOnlyList<MigrationScript> scripts, Dictionary<int, string> applied)
    {
        var newest = scripts.Count == 0 ? 0 : scripts[^1].Version;
        var unknown = applied.Keys.Where(v => v > newest).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"The database has schema version {unknown.Max()}, newer than this build of Beacon knows ({newest}). Run a newer build.");
        }

        foreach (var script in scripts)
        {
            if (!applied.TryGetValue(script.Version, out var checksum))
            {
                yield return script;
            }
            else if (!string.Equals(checksum, script.Checksum, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Migration {script.Version:D4}_{script.Name} was changed after it was applied; write a new migration instead.");
            }
        }
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, checksum FROM schema_versions";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = reader.GetString(1);
        }

        return result;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\.(?<v>\d{4})_(?<n>[a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}

using System.Data.Common;
using Beacon.Web.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Beacon.Web.Tests.Support;

/// <summary>A database's tables, columns (name, type, nullability) and indexes (name, uniqueness, columns), for comparison.</summary>
public sealed record Schema(SortedDictionary<string, List<string>> ColumnsByTable, SortedDictionary<string, List<string>> IndexesByTable)
{
    public IReadOnlyList<string> Tables => [.. ColumnsByTable.Keys];

    public IReadOnlyList<string> Columns(string table) => ColumnsByTable[table];

    public IReadOnlyList<string> Indexes(string table) => IndexesByTable.GetValueOrDefault(table) ?? [];
}

/// <summary>Reads schemas, and builds the schema EF Core's model would create (EnsureCreated on a scratch database —
/// in this test only; Beacon itself never uses it).</summary>
public static class SchemaReader
{
    public static async Task<Schema> ReadModelSchemaAsync(IServiceProvider services, DatabaseProvider provider, string migratedConnectionString)
    {
        string scratch;
        string? scratchDatabase = null;
        if (provider == DatabaseProvider.Sqlite)
        {
            scratch = $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("beacon-model-").FullName, "model.db")}";
        }
        else
        {
            scratchDatabase = $"beacon_model_{Guid.NewGuid():N}";
            await using var admin = new NpgsqlConnection(migratedConnectionString);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {scratchDatabase}", admin);
            await create.ExecuteNonQueryAsync();
            scratch = new NpgsqlConnectionStringBuilder(migratedConnectionString) { Database = scratchDatabase }.ConnectionString;
        }

        // The app's own context (same Identity options and conventions), pointed at the scratch database.
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
            db.Database.SetConnectionString(scratch);
            await db.Database.EnsureCreatedAsync();
        }

        var schema = await ReadAsync(provider, scratch);
        if (scratchDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(migratedConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {scratchDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        return schema;
    }

    /// <summary>Indexes on an expression, which EF Core's model cannot declare, so only the migrations create them (the
    /// schema test checks they exist): the children name search's trigram index (migration 0038, PostgreSQL).</summary>
    public static readonly IReadOnlySet<string> ExpressionIndexes = new HashSet<string>(StringComparer.Ordinal) { "ix_children_full_name_trgm" };

    public static async Task<Schema> ReadAsync(DatabaseProvider provider, string connectionString)
    {
        var columns = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var indexes = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        await using DbConnection connection = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (provider == DatabaseProvider.Sqlite)
        {
            foreach (var table in await Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_versions'"))
            {
                columns[table[0]] = [.. (await Query(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table[0]}')")).Select(c => string.Join(" ", c)).Order()];
                var list = new List<string>();
                foreach (var index in await Query(connection, $"SELECT name, \"unique\" FROM pragma_index_list('{table[0]}') WHERE origin = 'c'"))
                {
                    var cols = (await Query(connection, $"SELECT name FROM pragma_index_info('{index[0]}') ORDER BY seqno")).Select(c => c[0]);
                    list.Add($"{index[0]} unique={index[1]} ({string.Join(",", cols)})");
                }

                indexes[table[0]] = [.. list.Order()];
            }
        }
        else
        {
            foreach (var row in await Query(connection, "SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable, coalesce(identity_generation, '') FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_versions'"))
            {
                (columns.TryGetValue(row[0], out var list) ? list : columns[row[0]] = []).Add(string.Join(" ", row.Skip(1)));
            }

            foreach (var list in columns.Values)
            {
                list.Sort(StringComparer.Ordinal);
            }

            foreach (var row in await Query(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_versions'"))
            {
                if (ExpressionIndexes.Contains(row[1]))
                {
                    continue;
                }

                (indexes.TryGetValue(row[0], out var list) ? list : indexes[row[0]] = []).Add($"{row[1]}: {row[2]}");
            }

            foreach (var list in indexes.Values)
            {
                list.Sort(StringComparer.Ordinal);
            }
        }

        return new Schema(columns, indexes);
    }

    private static async Task<List<string[]>> Query(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)]);
        }

        return rows;
    }
}

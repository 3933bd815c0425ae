using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>
/// Writes new rows straight to the database, table by table in foreign-key order: binary <c>COPY</c> on PostgreSQL,
/// one prepared INSERT reused for every row on SQLite; and changed rows with one UPDATE per row, sent as one batch on
/// PostgreSQL, prepared once and reused on SQLite, checking concurrency tokens as EF does. Column names, value converters
/// and parameter types come from the EF model, so what is written is exactly what EF would write. Used for large
/// imports (docs/decisions/0010); it runs inside the caller's transaction with the audit entries, so it changes
/// neither the all-or-nothing batch nor the audit guarantee. Deleted rows are left to EF.
/// </summary>
internal static class BulkWrite
{
    /// <summary>Inserts the rows the change tracker holds as Added, with <paramref name="untracked"/> rows (added by
    /// <see cref="BeaconDbContext.AddNew"/> during an import, keys already set), all in foreign-key order, and marks the
    /// tracked ones Unchanged. Returns the tracked entries written so a failed save can put them back to Added (an
    /// execution-strategy retry then writes them again).</summary>
    public static async Task<IReadOnlyList<EntityEntry>> WriteAddedAsync(DbContext db, IReadOnlyList<object> untracked, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        if (added.Select(e => e.Metadata).Distinct().Any(t => t.FindPrimaryKey()!.Properties.Any(p => p.ValueGenerated != ValueGenerated.Never && p.ClrType != typeof(Guid))))
        {
            added = []; // a database-generated key (EF gives Guid keys their values itself): leave it to EF
        }

        var groups = added.Select(e => (Type: e.Metadata, Row: (object)e))
            .Concat(untracked.Select(r => (Type: db.Model.FindEntityType(r.GetType()) ?? throw new InvalidOperationException($"{r.GetType().Name} is not in the model."), Row: r)))
            .GroupBy(r => r.Type, r => r.Row)
            .ToList();
        await WriteGroupsAsync(db, groups, cancellationToken);
        foreach (var entry in added)
        {
            entry.State = EntityState.Unchanged;
        }

        return added;
    }

    /// <summary>A changed row written by <see cref="WriteModifiedAsync"/>: its original values, to put it back to
    /// Modified as it was if the transaction does not commit (an execution-strategy retry then writes it again).</summary>
    public sealed record WrittenChange(EntityEntry Entry, PropertyValues Original, IReadOnlyList<string> Changed)
    {
        public void Restore()
        {
            Entry.OriginalValues.SetValues(Original);
            Entry.State = EntityState.Modified;
            foreach (var property in Entry.Properties)
            {
                property.IsModified = Changed.Contains(property.Metadata.Name);
            }
        }
    }

    /// <summary>Updates the rows the change tracker holds as Modified, only their changed columns, where key and
    /// concurrency token still hold their original values; a row changed meanwhile fails the save with
    /// <see cref="DbUpdateConcurrencyException"/>, as EF's own save would. Written rows are accepted (Unchanged).</summary>
    public static async Task<IReadOnlyList<WrittenChange>> WriteModifiedAsync(DbContext db, CancellationToken cancellationToken)
    {
        var modified = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Modified).ToList();
        var written = new List<WrittenChange>(modified.Count);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes run inside the audited save's transaction.");
        foreach (var group in modified.GroupBy(e => (e.Metadata, Changed: string.Join(",", e.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)))))
        {
            var type = group.Key.Metadata;
            var all = Columns(type).ToDictionary(c => c.Property);
            var set = group.Key.Changed.Split(',').Select(name => all[type.FindProperty(name)!]).ToList();
            var where = type.FindPrimaryKey()!.Properties.Concat(type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey())).Select(p => all[p]).ToList();
            string Sql(Func<int, string> parameter) =>
                $"UPDATE {Quote(type.GetTableName()!)} SET {string.Join(", ", set.Select((c, i) => $"{Quote(c.Name)} = {parameter(i)}"))} " +
                $"WHERE {string.Join(" AND ", where.Select((c, i) => $"{Quote(c.Name)} = {parameter(set.Count + i)}"))}";
            var rows = group.ToList();
            object?[] Values(EntityEntry entry) => [.. set.Select(c => c.Value(entry)), .. where.Select(c => entry.OriginalValues[c.Property])];

            var affected = new int[rows.Count];
            if (connection.CanCreateBatch)
            {
                // PostgreSQL: every row's UPDATE in one round trip (positional parameters, as batches require).
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                await using var factory = connection.CreateCommand();
                var sql = Sql(i => "$" + (i + 1));
                var columns = set.Concat(where).ToList();
                foreach (var entry in rows)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = sql;
                    var values = Values(entry);
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var parameter = columns[c].Mapping.CreateParameter(factory, string.Empty, values[c], columns[c].Property.IsNullable);
                        command.Parameters.Add(parameter);
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
                for (var i = 0; i < rows.Count; i++)
                {
                    affected[i] = batch.BatchCommands[i].RecordsAffected;
                }
            }
            else
            {
                // SQLite: one prepared UPDATE reused for every row.
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = Sql(i => "@p" + i);
                var columns = set.Concat(where).ToList();
                for (var i = 0; i < rows.Count; i++)
                {
                    var values = Values(rows[i]);
                    command.Parameters.Clear();
                    for (var c = 0; c < columns.Count; c++)
                    {
                        command.Parameters.Add(columns[c].Mapping.CreateParameter(command, "@p" + c, values[c], columns[c].Property.IsNullable));
                    }

                    affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            for (var i = 0; i < rows.Count; i++)
            {
                if (affected[i] != 1)
                {
                    throw new DbUpdateConcurrencyException($"{type.DisplayName()} {rows[i].Properties.First(p => p.Metadata.IsPrimaryKey()).CurrentValue} was changed or deleted by someone else since it was read.");
                }

                written.Add(new WrittenChange(rows[i], rows[i].OriginalValues.Clone(), group.Key.Changed.Split(',')));
                rows[i].OriginalValues.SetValues(rows[i].CurrentValues);
                rows[i].State = EntityState.Unchanged;
            }
        }

        return written;
    }

    private static async Task WriteGroupsAsync(DbContext db, List<IGrouping<IEntityType, object>> groups, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the audited save's transaction.");
        foreach (var group in InDependencyOrder(groups))
        {
            var columns = Columns(group.Key);
            if (connection is NpgsqlConnection npgsql)
            {
                await CopyAsync(npgsql, group.Key, columns, group, cancellationToken);
            }
            else
            {
                await InsertEachAsync(connection, transaction, group.Key, columns, group, cancellationToken);
            }
        }
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, string StoreType)
    {
        private readonly IClrPropertyGetter? getter = Property.IsShadowProperty() ? null : Property.GetGetter();

        /// <summary>The value from a tracked entry or from an untracked entity (which cannot have shadow properties).</summary>
        public object? Value(object row) => row switch
        {
            EntityEntry entry => getter is null ? entry.Property(Property.Name).CurrentValue : getter.GetClrValueUsingContainingEntity(entry.Entity),
            _ => getter is null ? throw new InvalidOperationException($"{Property.DeclaringType.DisplayName()}.{Property.Name} is a shadow property: add the row with EF.") : getter.GetClrValueUsingContainingEntity(row),
        };

        /// <summary>The value as the database stores it (after the model's converter, e.g. Instant to UTC DateTime).</summary>
        public object? ProviderValue(object row) => ToProvider(Value(row));

        public object? ToProvider(object? value) => value is not null && Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    private static List<Column> Columns(IEntityType type)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        return type.GetProperties()
            .Select(p => new Column(p, p.GetColumnName(table)!, (RelationalTypeMapping)p.GetTypeMapping(), p.GetColumnType()))
            .ToList();
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task CopyAsync(NpgsqlConnection connection, IEntityType type, List<Column> columns, IEnumerable<object> rows, CancellationToken cancellationToken)
    {
        var schema = type.GetSchema() is { } s ? Quote(s) + "." : string.Empty;
        var sql = $"COPY {schema}{Quote(type.GetTableName()!)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        var dataTypes = columns.Select(c => c.StoreType.Split('(')[0].Trim()).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync(sql, cancellationToken);
        foreach (var entry in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = columns[i].ProviderValue(entry);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, dataTypes[i], cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>SQLite: one single-row INSERT, prepared once and reused for every row. Microsoft.Data.Sqlite binds each
    /// parameter by name and SQLite finds a name by a linear search of the statement's parameters, so multi-row
    /// statements cost more per value than they save per statement (100,000 notifications: rows written in 4.9 s one
    /// at a time, 8.4 s in statements of about 200 values).</summary>
    private static async Task InsertEachAsync(DbConnection connection, DbTransaction transaction, IEntityType type, List<Column> columns, IEnumerable<object> rows, CancellationToken cancellationToken)
    {
        await using var statement = new Statement(connection, transaction, type, columns);
        foreach (var row in rows)
        {
            await statement.ExecuteAsync(row, cancellationToken);
        }
    }

    /// <summary>An INSERT of one row. Parameters come from the EF type mapping (database type and converter), as EF
    /// binds them; once a column has a parameter made from a real value, later executions only change its value (a
    /// column that has only seen nulls is made again for the first real value).</summary>
    private sealed class Statement : IAsyncDisposable
    {
        private readonly DbCommand command;
        private readonly List<Column> columns;
        private readonly DbParameter?[] typed;

        public Statement(DbConnection connection, DbTransaction transaction, IEntityType type, List<Column> columns)
        {
            this.columns = columns;
            typed = new DbParameter?[columns.Count];
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {Quote(type.GetTableName()!)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ({string.Join(", ", columns.Select((_, c) => $"@p{c}"))})";
        }

        public async Task ExecuteAsync(object row, CancellationToken cancellationToken)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var value = columns[c].Value(row);
                if (typed[c] is { } parameter)
                {
                    parameter.Value = columns[c].ToProvider(value) ?? DBNull.Value;
                    continue;
                }

                var created = columns[c].Mapping.CreateParameter(command, "@p" + c, value, columns[c].Property.IsNullable);
                if (command.Parameters.Count > c)
                {
                    command.Parameters[c] = created;
                }
                else
                {
                    command.Parameters.Add(created);
                }

                typed[c] = value is null ? null : created;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>Principal tables before dependent ones (a child before its episodes, an RHI before the episodes it covers).</summary>
    private static IEnumerable<IGrouping<IEntityType, object>> InDependencyOrder(List<IGrouping<IEntityType, object>> groups)
    {
        var remaining = groups.ToList();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(g => !g.Key.GetForeignKeys().Any(fk =>
                    fk.PrincipalEntityType != g.Key && remaining.Any(r => r.Key == fk.PrincipalEntityType)))
                ?? throw new InvalidOperationException($"Foreign keys between {string.Join(", ", remaining.Select(r => r.Key.DisplayName()))} form a cycle.");
            remaining.Remove(next);
            yield return next;
        }
    }
}

using Beacon.Web.Infrastructure.Data;
using Npgsql;

namespace Beacon.Web.Infrastructure.Hosting;

/// <summary>
/// On PostgreSQL, a session advisory lock held while an instance prepares the database (migrations, reference data,
/// demo data), so instances started at the same moment prepare it one after another: the first does the work, the
/// others find it done. Its own connection: closing it releases the lock. SQLite serialises writers itself.
/// </summary>
public sealed class StartUpLock : IAsyncDisposable
{
    private const long Key = 0x42_45_41_43_4F_4E_03; // "BEACON" + 3 (1: audit appends, 2: migrations)
    private readonly NpgsqlConnection? connection;

    private StartUpLock(NpgsqlConnection? connection) => this.connection = connection;

    public static async Task<StartUpLock> TakeAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        if (database.EffectiveProvider != DatabaseProvider.PostgreSql)
        {
            return new StartUpLock(null);
        }

        // Unpooled: a pooled connection would keep the session, and so the lock, after it is closed.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.EffectiveConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new StartUpLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}

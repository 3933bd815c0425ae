using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>
/// SQLite settings for a server application, on every connection: write-ahead logging (readers do not block the writer),
/// synchronous=NORMAL (durable at each checkpoint; safe with WAL), a 5 s busy timeout instead of failing at once when
/// another connection holds the write lock, foreign keys enforced, and a 16 MB page cache per connection (imports touch
/// many index pages).
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}

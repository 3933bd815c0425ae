namespace Beacon.Web.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Configuration section <c>Beacon:Database</c>. One setting switches to PostgreSQL: a connection string of the form
/// <c>Host=...;Database=...;Username=...</c> (provider inferred), or <c>Provider=PostgreSql</c> explicitly.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Beacon:Database";

    public DatabaseProvider? Provider { get; set; }

    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file and other local data; created on first run. Relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations when an instance starts (the default). False in production, where the app's
    /// least-privilege role may not change the schema: start-up then only checks the schema is current, and the owner
    /// role runs <c>beacon migrate</c> (or <c>Beacon.Web migrate</c>) before an upgrade (docs/deploy.md, ADR 29).</summary>
    public bool MigrateAtStartUp { get; set; } = true;

    public DatabaseProvider EffectiveProvider =>
        Provider ?? (ConnectionString is { } cs && cs.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite);

    public string EffectiveConnectionString
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(ConnectionString))
            {
                return ConnectionString;
            }

            if (EffectiveProvider == DatabaseProvider.PostgreSql)
            {
                throw new InvalidOperationException("Beacon:Database:ConnectionString is required when the provider is PostgreSql.");
            }

            var folder = Path.GetFullPath(DataDirectory);
            Directory.CreateDirectory(folder);
            return $"Data Source={Path.Combine(folder, "beacon.db")}";
        }
    }

    /// <summary>The connection string the application's queries use. On PostgreSQL, unless the operator has set
    /// <c>Max Auto Prepare</c> themselves (<c>Max Auto Prepare=0</c> turns it off, e.g. behind PgBouncer in transaction
    /// mode), Npgsql prepares the statements a connection runs twice or more, so PostgreSQL
    /// parses and plans the record page's statements once a connection rather than on every view (issue #21 §4: it
    /// halved PostgreSQL's CPU a view; docs/decisions/0030).</summary>
    public string QueryConnectionString => queryConnectionString ??= WithAutoPrepare();

    private string? queryConnectionString;

    private string WithAutoPrepare()
    {
        var cs = EffectiveConnectionString;
        return EffectiveProvider != DatabaseProvider.PostgreSql || cs.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase) ? cs
            : new Npgsql.NpgsqlConnectionStringBuilder(cs) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
    }

    /// <summary>Checks the settings and says in one line what is wrong (used to fail fast at start-up).</summary>
    public string? Problem()
    {
        try
        {
            var cs = EffectiveConnectionString;
            if (EffectiveProvider == DatabaseProvider.PostgreSql)
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(cs);
            }
            else
            {
                _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs);
            }

            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return $"Invalid database configuration ({EffectiveProvider}): {ex.Message}";
        }
    }
}

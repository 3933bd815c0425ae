namespace Beacon.Migrations.Sqlite;

/// <summary>Marks the assembly holding Beacon's SQLite migration scripts (Scripts/NNNN_name.sql, embedded).</summary>
public static class SqliteMigrations
{
    public static System.Reflection.Assembly Assembly => typeof(SqliteMigrations).Assembly;
}

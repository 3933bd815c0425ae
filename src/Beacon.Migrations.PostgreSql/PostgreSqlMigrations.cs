namespace Beacon.Migrations.PostgreSql;

/// <summary>Marks the assembly holding Beacon's PostgreSQL migration scripts (Scripts/NNNN_name.sql, embedded).</summary>
public static class PostgreSqlMigrations
{
    public static System.Reflection.Assembly Assembly => typeof(PostgreSqlMigrations).Assembly;
}

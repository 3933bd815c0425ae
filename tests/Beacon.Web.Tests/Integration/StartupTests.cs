namespace Beacon.Web.Tests.Integration;

/// <summary>Invalid configuration stops start-up at once with one line saying why (issue #2, "Bad input").</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("PostgreSql", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=1", "could not be prepared")]
    [InlineData("PostgreSql", "Host=127.0.0.1;This Is Not=A Setting", "Invalid database configuration")]
    [InlineData("PostgreSql", "", "ConnectionString is required")]
    [InlineData("Sqlite", "Data Source=/proc/beacon-cannot-write-here/beacon.db", "could not be prepared")]
    public async Task The_web_app_refuses_to_start_with_a_bad_database_setting(string provider, string connectionString, string expected)
    {
        var error = new StringWriter();
        var code = await BeaconWebApp.RunAsync(
            [$"--Beacon:Database:Provider={provider}", $"--Beacon:Database:ConnectionString={connectionString}", "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=None"],
            error);
        Assert.Equal(1, code);
        var lines = error.ToString().Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
    }
}

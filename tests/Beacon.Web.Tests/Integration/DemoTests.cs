using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Beacon.Web.Tests.Integration;

/// <summary><c>beacon demo seed</c> (what the README's first command runs) on a database of its own: a newcomer finds
/// the RHI work list with something in every state.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_data_gives_the_rhi_work_list_overdue_due_soon_and_to_offer_interviews_and_closed_history_once()
    {
        var folder = Directory.CreateTempSubdirectory("beacon-demo-").FullName;
        var file = Path.Combine(folder, "beacon.db");
        var settings = new Dictionary<string, string?> { ["Beacon:Database:Provider"] = "Sqlite", ["Beacon:Database:ConnectionString"] = $"Data Source={file}", ["Beacon:Demo:Years"] = "0" }; // the history has its own test
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["demo", "seed"], new StringWriter(), new StringWriter(), settings));
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["demo", "seed"], new StringWriter(), new StringWriter(), settings)); // again: nothing more

        var now = DateTime.UtcNow;
        var rows = new List<(int Status, DateTime Due)>();
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM episodes WHERE police_reference LIKE 'DEMO-%'";
            Assert.Equal(40L, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
            command.CommandText = "SELECT status, due_at FROM return_interviews";
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows.Add((reader.GetInt32(0), DateTime.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)));
            }
        }

        SqliteConnection.ClearAllPools();
        var awaiting = rows.Where(r => r.Status == 1).ToList();
        Assert.Contains(awaiting, r => r.Due < now); // overdue
        Assert.Contains(awaiting, r => r.Due >= now && r.Due <= now.AddHours(12)); // due soon
        Assert.Contains(awaiting, r => r.Due > now.AddHours(12)); // to offer
        Assert.Contains(rows, r => r.Status == 3); // completed
        Assert.Contains(rows, r => r.Status is 4 or 6); // declined or not offered
    }
}

using System.Net;
using System.Net.Http.Json;
using Beacon.Web.Tests.Support;

namespace Beacon.Web.Tests.Integration;

/// <summary>PostgreSQL restarted under a running Beacon (issue #6 §3): readiness reports unhealthy while the database
/// is down and healthy again once it is back, and requests work again, without restarting Beacon.</summary>
public sealed class DatabaseRestartTests
{
    [Fact]
    public async Task Beacon_reports_unhealthy_while_postgresql_is_down_and_recovers_without_a_restart()
    {
        if (PrivatePostgres.BinFolder is null)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "CI=true but PostgreSQL is not installed");
            Assert.Skip("PostgreSQL is not installed (apt-get install postgresql)");
        }

        await using var database = await PrivatePostgres.StartAsync();
        await using var app = new ClusterInstance(database.ConnectionString, first: true);
        await app.InitializeAsync();
        var health = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        var practitioner = await app.SignInAsync(BeaconApp.Practitioner);
        var police = await app.ApiAsync(BeaconApp.PoliceLiaison);

        await database.StopServerAsync();
        var down = await health.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("Unhealthy", await down.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode); // the process itself is fine
        var failed = await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(), TestContext.Current.CancellationToken);
        Assert.True((int)failed.StatusCode >= 500, $"a write with the database down answered {failed.StatusCode}");

        await database.StartServerAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            status = (await health.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);

        // The same sessions and tokens work again: nothing was restarted.
        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await practitioner.GetAsync("/return-interviews", TestContext.Current.CancellationToken)).StatusCode);
    }
}

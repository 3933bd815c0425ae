using System.Net;
using System.Text.RegularExpressions;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>One Beacon instance of a cluster: its own host and services, on a database it may share.</summary>
public sealed class ClusterInstance(string connectionString, bool first) : BeaconApp
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override bool SeedsTestChildren => first;

    protected override Task<string?> CreateDatabaseAsync()
    {
        SetConnectionString(connectionString);
        return Task.FromResult<string?>(null);
    }

    protected override Task DropDatabaseAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:Jobs:Enabled", "true");
        builder.UseSetting("Beacon:Jobs:PollSeconds", "1");
    }
}

/// <summary>Two instances on one throwaway PostgreSQL database (issue #7 §1–2).</summary>
public sealed class Cluster : IAsyncLifetime
{
    private PostgresApp? database;

    public ClusterInstance A { get; private set; } = null!;

    public ClusterInstance B { get; private set; } = null!;

    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        // A PostgresApp creates (and at the end drops) the database; its own host is not used.
        database = new PostgresApp();
        await database.InitializeAsync();
        Unavailable = database.Unavailable;
        if (Unavailable is not null)
        {
            return;
        }

        A = new ClusterInstance(database.ConnectionString, first: false);
        await A.InitializeAsync();
        B = new ClusterInstance(database.ConnectionString, first: false);
        await B.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Unavailable is null)
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }

        await database!.DisposeAsync();
    }
}

public sealed partial class ClusterTests(Cluster cluster) : IClassFixture<Cluster>
{
    /// <summary>Requests carry cookies by hand, so what one instance set can be sent to the other.</summary>
    private sealed class Session
    {
        private readonly Dictionary<string, string> cookies = [];

        public async Task<HttpResponseMessage> SendAsync(BeaconApp instance, HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var client = instance.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            using var request = new HttpRequestMessage(method, path) { Content = form is null ? null : new FormUrlEncodedContent(form) };
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await client.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }

            return response;
        }
    }

    private void RequirePostgres()
    {
        Assert.SkipWhen(cluster.Unavailable is not null, $"Cluster tests skipped: {cluster.Unavailable}");
    }

    [Fact]
    public async Task A_sign_in_and_a_form_rendered_by_one_instance_work_on_the_other()
    {
        RequirePostgres();
        var session = new Session();
        var signIn = await (await session.SendAsync(cluster.A, HttpMethod.Get, "/account/sign-in")).Content.ReadAsStringAsync();
        var signedIn = await session.SendAsync(cluster.A, HttpMethod.Post, "/account/sign-in", new()
        {
            ["Email"] = BeaconApp.Practitioner,
            ["Password"] = BeaconApp.Password,
            ["__RequestVerificationToken"] = BeaconApp.AntiforgeryToken(signIn),
        });
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, Regex.Match(await signedIn.Content.ReadAsStringAsync(), "govuk-error-summary__list.{0,400}", RegexOptions.Singleline).Value);

        // The cookie instance A issued is honoured by instance B.
        var onB = await session.SendAsync(cluster.B, HttpMethod.Get, "/children");
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.Contains("Sign out", await onB.Content.ReadAsStringAsync());

        // A form rendered by A (its antiforgery token) is accepted by B.
        var child = await cluster.A.WithDb(db => db.Children.Where(c => c.Reference == "TEST-COUNTY").Select(c => c.Id).SingleAsync());
        var form = await (await session.SendAsync(cluster.A, HttpMethod.Get, $"/children/{child}")).Content.ReadAsStringAsync();
        var posted = await session.SendAsync(cluster.B, HttpMethod.Post, $"/children/{child}?handler=CouncilId", new()
        {
            ["LocalAuthorityChildId"] = "CLUSTER1",
            ["__RequestVerificationToken"] = BeaconApp.AntiforgeryToken(form),
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("CLUSTER1", await cluster.B.WithDb(db => db.Children.Where(c => c.Id == child).Select(c => c.LocalAuthorityChildId).SingleAsync()));

        // An API token works on every instance.
        var api = await cluster.A.ApiAsync(BeaconApp.PoliceLiaison);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/notifications", System.Net.Http.Json.JsonContent.Create(Notifications.Valid()))).StatusCode);
        using var onBApi = cluster.B.CreateClient();
        onBApi.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.Created, (await onBApi.PostAsync("/api/v1/notifications", System.Net.Http.Json.JsonContent.Create(Notifications.Valid()))).StatusCode);
    }

    [Fact]
    public async Task With_both_instances_polling_each_due_run_of_a_job_happens_once()
    {
        RequirePostgres();
        for (var round = 0; round < 3; round++)
        {
            var runsBefore = await RunsAsync();
            var due = SystemClock.Instance.GetCurrentInstant() - Duration.FromSeconds(1);
            await cluster.A.WithDb(db => db.ScheduledJobs.Where(j => j.Name == "repeat-missing-scan").ExecuteUpdateAsync(s => s.SetProperty(j => j.NextRunAt, due)));

            // Both instances poll every second; give them several chances each.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (await RunsAsync() == runsBefore && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(runsBefore + 1, await RunsAsync());
        }

        var job = await cluster.A.WithDb(db => db.ScheduledJobs.SingleAsync(j => j.Name == "repeat-missing-scan"));
        Assert.StartsWith("ok: ", job.LastOutcome);
        Assert.Null(job.LeaseOwner);
    }

    private async Task<int> RunsAsync() =>
        await cluster.A.WithDb(db => db.ScheduledJobs.Where(j => j.Name == "repeat-missing-scan").Select(j => j.Runs).SingleOrDefaultAsync());
}

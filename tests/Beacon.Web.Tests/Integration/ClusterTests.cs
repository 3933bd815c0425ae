using System.Net;
using System.Text.RegularExpressions;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>One Beacon instance of a cluster: its own host and services, on a database it may share.</summary>
public sealed class ClusterInstance(string connectionString, bool first, Action<IServiceCollection>? services = null, int leaseSeconds = 600, bool kestrel = false) : BeaconApp
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    /// <summary>The instance's real address, when it listens on a port (<c>kestrel: true</c>).</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureBeforeStart()
    {
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

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
        builder.UseSetting("Beacon:Jobs:LeaseSeconds", leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Beacon:Alerts:ScanSeconds", "1");
        builder.UseSetting("Beacon:Alerts:LiveRefreshSeconds", "1");
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}

/// <summary>A job only the instances of the take-over test know: on a hanging instance it never finishes.</summary>
public sealed class ProbeJob(ProbeBehaviour behaviour) : IRecurringJob
{
    public string Name => "cluster-probe";

    public Duration Interval => Duration.FromHours(1);

    public async Task<string> RunAsync(Instant now, CancellationToken cancellationToken)
    {
        behaviour.Started.TrySetResult();
        if (behaviour.Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return $"completed by {behaviour.Instance}";
    }
}

public sealed record ProbeBehaviour(string Instance, bool Hang)
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Three instances on one throwaway PostgreSQL database (issue #7 §1–3).</summary>
public sealed class Cluster : IAsyncLifetime
{
    private PostgresApp? database;

    public ClusterInstance A { get; private set; } = null!;

    public ClusterInstance B { get; private set; } = null!;

    public ClusterInstance C { get; private set; } = null!;

    public string ConnectionString => database!.ConnectionString;

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
        C = new ClusterInstance(database.ConnectionString, first: false);
        await C.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Unavailable is null)
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await C.DisposeAsync();
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

        /// <summary>A client for <paramref name="instance"/> carrying this session's cookies (read-only copy).</summary>
        public Task<HttpClient> ClientFor(BeaconApp instance)
        {
            var client = instance.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            return Task.FromResult(client);
        }

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

    [Fact]
    public async Task With_three_instances_scanning_every_second_each_alert_is_stored_once_and_emailed_once()
    {
        RequirePostgres();
        var practitioner = await cluster.A.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        await cluster.A.WithDb(async db =>
        {
            if (!await db.AlertEmailPreferences.AnyAsync(p => p.UserId == practitioner && p.Kind == AlertKinds.NewNotification))
            {
                db.AlertEmailPreferences.Add(new AlertEmailPreference { UserId = practitioner, Kind = AlertKinds.NewNotification });
            }

            return await db.SaveChangesAsync();
        });

        // Five notifications, through different instances, while all three raise and send alerts every second.
        var references = new List<string>();
        var instances = new[] { cluster.A, cluster.B, cluster.C };
        for (var i = 0; i < 5; i++)
        {
            var body = Notifications.Valid();
            var api = await instances[i % 3].ApiAsync(BeaconApp.PoliceLiaison);
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/notifications", System.Net.Http.Json.JsonContent.Create(body))).StatusCode);
            references.Add(await cluster.A.WithDb(db => db.Episodes.Where(e => e.PoliceReference == body["police_reference"]).Select(e => e.Child!.Reference).SingleAsync()));
        }

        List<SinkMessage> Received() => [.. SmtpSink.Shared.Messages.Where(m => references.Any(r => m.Subject.Contains(r, StringComparison.Ordinal)))];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Received().Count < references.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        await Task.Delay(TimeSpan.FromSeconds(4)); // more runs on every instance: nothing more may arrive
        var received = Received();
        Assert.All(references, r => Assert.Single(received, m => m.Subject.Contains(r, StringComparison.Ordinal) && m.To.SequenceEqual([BeaconApp.Practitioner])));
        Assert.Equal(references.Count, received.Count);
        var stored = await cluster.A.WithDb(db => db.Alerts.Where(a => a.UserId == practitioner && a.Kind == AlertKinds.NewNotification).ToListAsync());
        Assert.All(references, r => Assert.Equal(AlertEmailState.Sent, Assert.Single(stored, a => a.Title.EndsWith(r, StringComparison.Ordinal)).EmailState));
    }

    [Fact]
    public async Task A_file_uploaded_to_one_instance_is_reported_by_another()
    {
        RequirePostgres();
        var session = new Session();
        var signIn = await (await session.SendAsync(cluster.B, HttpMethod.Get, "/account/sign-in")).Content.ReadAsStringAsync();
        await session.SendAsync(cluster.B, HttpMethod.Post, "/account/sign-in", new()
        {
            ["Email"] = BeaconApp.PoliceLiaison,
            ["Password"] = BeaconApp.Password,
            ["__RequestVerificationToken"] = BeaconApp.AntiforgeryToken(signIn),
        });
        var onA = await session.ClientFor(cluster.A);
        var rows = new[] { Notifications.Valid(), Notifications.Valid() };
        var uploaded = await ImportRunTests<PostgresApp>.UploadAsync(onA, Notifications.Csv(rows));
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var report = await ImportRunTests<PostgresApp>.WaitForReportAsync(await session.ClientFor(cluster.C), uploaded.Headers.Location!.OriginalString);
        Assert.Contains("2 rows read", report);
    }

    [Fact]
    public async Task A_job_whose_instance_stops_mid_run_is_completed_by_another_instance_after_the_lease()
    {
        RequirePostgres();
        var hanging = new ProbeBehaviour("doomed", Hang: true);
        var healthy = new ProbeBehaviour("survivor", Hang: false);
        var doomed = new ClusterInstance(cluster.ConnectionString, first: false, s => s.AddSingleton(hanging).AddScoped<IRecurringJob, ProbeJob>(), leaseSeconds: 3);
        await doomed.InitializeAsync();
        await hanging.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var survivor = new ClusterInstance(cluster.ConnectionString, first: false, s => s.AddSingleton(healthy).AddScoped<IRecurringJob, ProbeJob>());
        await survivor.InitializeAsync();
        try
        {
            var held = await cluster.A.WithDb(db => db.ScheduledJobs.SingleAsync(j => j.Name == "cluster-probe"));
            Assert.NotNull(held.LeaseOwner);
            Assert.Equal(0, held.Runs);

            // The instance dies mid-run: its lease is never released.
            await doomed.DisposeAsync();
            await healthy.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var deadline = DateTime.UtcNow.AddSeconds(15);
            ScheduledJob job;
            do
            {
                await Task.Delay(200);
                job = await cluster.A.WithDb(db => db.ScheduledJobs.AsNoTracking().SingleAsync(j => j.Name == "cluster-probe"));
            }
            while (job.Runs == 0 && DateTime.UtcNow < deadline);

            Assert.Equal(1, job.Runs);
            Assert.Equal("ok: completed by survivor", job.LastOutcome);
            Assert.Null(job.LeaseOwner);
        }
        finally
        {
            await survivor.DisposeAsync();
        }
    }

    private async Task<int> RunsAsync() =>
        await cluster.A.WithDb(db => db.ScheduledJobs.Where(j => j.Name == "repeat-missing-scan").Select(j => j.Runs).SingleOrDefaultAsync());
}

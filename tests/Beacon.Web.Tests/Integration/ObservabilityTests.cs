using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Beacon.Web.Infrastructure.Jobs;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Traces, metrics and logs for operators (issue #21 §2; docs/decisions/0018), on each database.</summary>
public abstract class ObservabilityTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp, IObservedApp
{
    protected TApp App { get; } = app;

    /// <summary>The test child's given and family names: never in a span or a log line.</summary>
    private static readonly string[] ChildNames = ["Countyone", "Testchild"];

    [Fact]
    public async Task An_api_request_produces_a_trace_with_its_database_spans_and_no_child_name()
    {
        App.SkipIfUnavailable();
        var client = await App.ApiAsync(BeaconApp.CountyWorker);
        var trace = ActivityTraceId.CreateRandom();
        var response = await SendTracedAsync(client, $"/api/v1/children/{App.CountyChildId}", trace);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Countyone", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)); // the record itself names the child

        var spans = await App.Observed.TraceAsync(trace);
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("/api/v1/children/{id:guid}", server.GetTagItem("http.route"));
        var database = spans.Where(s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(database);
        Assert.All(database, s => Assert.True(IsWithin(s, server, spans), $"{s.DisplayName} is not under the request's span"));
        Assert.Contains(database, s => (s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement"))?.ToString()?.Contains("children", StringComparison.OrdinalIgnoreCase) == true);
        AssertNoChildName(spans.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}")));
    }

    [Fact]
    public async Task A_log_line_carries_the_trace_and_user_ids_and_never_the_childs_name()
    {
        App.SkipIfUnavailable();
        var userId = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.CountyWorker).Select(u => u.Id).SingleAsync());
        var client = await App.SignInAsync(BeaconApp.CountyWorker);
        var trace = ActivityTraceId.CreateRandom();
        // A search by the child's name: the query string is neither logged nor traced.
        var response = await SendTracedAsync(client, "/children?q=Countyone", trace);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Countyone", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var spans = await App.Observed.TraceAsync(trace);

        var lines = App.Observed.Logs.Where(l => l.TraceId == trace.ToHexString()).Select(l => l.Json).ToList();
        var line = lines.SingleOrDefault(l => l.Contains("\"RequestPath\":\"/children\"", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException("No request line; lines of the trace: " + string.Join("\n", lines) + "\nothers: " + string.Join("\n", App.Observed.Logs.Select(l => l.Json).TakeLast(10)));
        var json = System.Text.Json.JsonDocument.Parse(line).RootElement;
        Assert.Equal(trace.ToHexString(), json.GetProperty("@tr").GetString());
        Assert.Equal(userId.ToString(), json.GetProperty("UserId").GetString());
        Assert.True(Guid.TryParse(json.GetProperty("OrganisationId").GetString(), out _));
        AssertNoChildName(lines);
        AssertNoChildName(spans.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}")));
    }

    [Fact]
    public async Task The_metrics_endpoint_refuses_anonymous_callers_and_answers_with_the_token()
    {
        App.SkipIfUnavailable();
        var anonymous = App.Browser();
        var refused = await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("beacon_", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong, TestContext.Current.CancellationToken)).StatusCode);
        // A user's API token is no metrics token either.
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await App.ApiAsync(BeaconApp.Administrator)).GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await (await App.ApiAsync(BeaconApp.CountyWorker)).GetAsync($"/api/v1/children/{App.CountyChildId}", TestContext.Current.CancellationToken)).StatusCode);
        await App.Services.GetRequiredService<Infrastructure.Telemetry.OperationalGauges>().RefreshAsync(TestContext.Current.CancellationToken);
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Observed.MetricsToken) } };
        var metrics = await anonymous.SendAsync(scrape, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains("http_route=\"/api/v1/children/{id:guid}\"", text);
        Assert.Contains("beacon_rhi_overdue", text);
        Assert.Contains("beacon_alert_emails_queued", text);
        Assert.Contains("beacon_audit_append_duration_seconds_bucket", text);
    }

    [Fact]
    public async Task No_user_of_any_role_reads_the_metrics_with_their_sign_in_or_api_token()
    {
        App.SkipIfUnavailable();
        foreach (var account in Beacon.Web.Features.Demo.DemoSeeder.Accounts.DistinctBy(a => (a.Role, a.OrganisationCode)))
        {
            var api = await App.ApiAsync(account.Email);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        }

        var administrator = await App.SignInAsync(BeaconApp.Administrator);
        Assert.Equal(HttpStatusCode.Unauthorized, (await administrator.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_recurring_job_run_is_a_span_and_is_counted()
    {
        App.SkipIfUnavailable();
        var scheduler = App.Services.GetRequiredService<JobScheduler>();
        Assert.Contains("alert-scan", await scheduler.RunDueAsync(TestContext.Current.CancellationToken));
        var job = Assert.Single(App.Observed.Spans.Snapshot(), s => s.DisplayName == "job alert-scan" && (string?)s.GetTagItem("beacon.job.owner") == scheduler.Owner);
        Assert.Equal(ActivityStatusCode.Unset, job.Status);
        Assert.Contains(App.Observed.Spans.Snapshot(), s => s.TraceId == job.TraceId && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
        // The exporter caches a scrape for 300 ms (another test may just have scraped): scrape until the run shows, at most 5 s.
        var metrics = string.Empty;
        for (var attempt = 0; attempt < 25 && !metrics.Contains("beacon_job_runs_total{", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 200, TestContext.Current.CancellationToken);
            using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Observed.MetricsToken) } };
            metrics = await (await App.Browser().SendAsync(scrape, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }

        Assert.Contains("beacon_job_runs_total{", metrics);
        Assert.Contains("job=\"alert-scan\"", metrics);
    }

    private static async Task<HttpResponseMessage> SendTracedAsync(HttpClient client, string path, ActivityTraceId trace)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static bool IsWithin(Activity span, Activity root, IReadOnlyList<Activity> spans)
    {
        for (var current = span; current is not null; current = spans.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.SpanId == root.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    private static void AssertNoChildName(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            foreach (var name in ChildNames)
            {
                Assert.DoesNotContain(name, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}

public sealed class SqliteObservabilityTests(ObservedSqliteApp app) : ObservabilityTests<ObservedSqliteApp>(app);

public sealed class PostgresObservabilityTests(ObservedPostgresApp app) : ObservabilityTests<ObservedPostgresApp>(app);

using System.Net;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Beacon.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Audited reads at speed (issue #21 §4, docs/decisions/0030): reads hand their entries to one group-commit writer per
/// process; every read still has its entry committed before its answer, the sequence has no gaps and the chain
/// verifies; reads queued behind the chain's lock are written together; a batch that fails fails its requests.
/// </summary>
public abstract class AuditGroupCommitTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private AuditGroupCommit GroupCommit => App.Services.GetRequiredService<AuditGroupCommit>();

    private Task<long> HeadAsync() => App.WithDb(db => db.AuditEntries.MaxAsync(e => (long?)e.Sequence)).ContinueWith(t => t.Result ?? 0);

    private Task<List<Guid>> ChildrenAsync() => App.WithDb(db => db.Children.Select(c => c.Id).OrderBy(c => c).ToListAsync());

    private async Task AssertChainVerifiesAsync()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], output, error, App.CliSettings) == 0, $"{output}{error}");
    }

    [Fact]
    public async Task Many_concurrent_reads_each_have_their_entry_committed_with_no_gaps_and_the_chain_verifies()
    {
        App.SkipIfUnavailable();
        var client = await App.ApiAsync(BeaconApp.Practitioner);
        var children = await ChildrenAsync();
        var start = await HeadAsync();

        const int reads = 150;
        var responses = await Task.WhenAll(Enumerable.Range(0, reads).Select(async i =>
        {
            var child = children[i % children.Count];
            var response = await client.GetAsync($"/api/v1/children/{child}", TestContext.Current.CancellationToken);

            // Committed before the answer: the entry is there the moment the response is.
            var entries = await App.WithDb(db => db.AuditEntries.CountAsync(e => e.Sequence > start && e.RecordId == child.ToString() && e.Action == "view"));
            return (child, response.StatusCode, entries);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.True(r.entries >= 1, $"the read of {r.child} answered before its entry was committed"));
        var written = await App.WithDb(db => db.AuditEntries.Where(e => e.Sequence > start).OrderBy(e => e.Sequence).ToListAsync());
        var views = written.Where(e => e.Action == "view" && e.UserName == BeaconApp.Practitioner).GroupBy(e => e.RecordId!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var group in responses.GroupBy(r => r.child))
        {
            Assert.Equal(group.Count(), views.GetValueOrDefault(group.Key.ToString()));
        }

        Assert.Equal(Enumerable.Range(1, written.Count).Select(i => start + i), written.Select(e => e.Sequence)); // no gaps
        Assert.True(GroupCommit.Batches > 0);
        await AssertChainVerifiesAsync();
    }

    [Fact]
    public async Task Reads_queued_behind_the_chains_lock_are_written_together_in_a_few_transactions()
    {
        App.SkipIfUnavailable();
        var client = await App.SignInAsync(BeaconApp.Practitioner); // a signed-in page: an API token would first record its use, a write that SQLite queues behind the lock
        var children = await ChildrenAsync();
        var start = await HeadAsync();
        var batchesBefore = GroupCommit.Batches;
        const int reads = 20;

        Task<HttpResponseMessage[]> requests;
        int queuedAtRelease;
        using (var scope = App.Services.CreateScope())
        {
            // Hold the chain's lock as a writer of a change would (SQLite: the write lock; PostgreSQL: the advisory lock).
            var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            if (App.Provider == DatabaseProvider.PostgreSql)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditAppender.PostgresAuditLockKey})", TestContext.Current.CancellationToken);
            }

            requests = Task.WhenAll(Enumerable.Range(0, reads).Select(i => client.GetAsync($"/children/{children[i % children.Count]}", TestContext.Current.CancellationToken)));

            // SQLite's busy timeout is 5 s: let go well before the first batch gives up waiting.
            var deadline = DateTime.UtcNow.AddSeconds(3);
            while (GroupCommit.Queued < reads - 1 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            Assert.False(requests.IsCompleted, "a read was answered while the chain's lock was held elsewhere");
            queuedAtRelease = GroupCommit.Queued;
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        Assert.All(await requests, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var batches = GroupCommit.Batches - batchesBefore;
        // The reads queued behind the lock go in a few transactions (the one already waiting, then the rest together);
        // one transaction per read would be 20. A loaded machine queues some reads only after the lock is let go, and
        // each of those may take a transaction of its own.
        // On SQLite the reads do not reach the audit queue while the write lock is held (0 queued in 3 s, found 5
        // December 2026: something earlier in the request waits on SQLite's lock), so there the test checks only that
        // every read has its entry and the chain verifies; PostgreSQL shows the batching.
        if (App.Provider == DatabaseProvider.PostgreSql)
        {
            Assert.True(queuedAtRelease >= 2, $"only {queuedAtRelease} reads had queued in 3 s");
            Assert.InRange(batches, 1, reads - queuedAtRelease + 3);
        }
        Assert.Equal(reads, await App.WithDb(db => db.AuditEntries.CountAsync(e => e.Sequence > start && e.Action == "view")));
        await AssertChainVerifiesAsync();
    }

    [Fact]
    public async Task An_entry_the_database_refuses_fails_its_own_request_and_not_the_others_in_its_batch()
    {
        App.SkipIfUnavailable();
        var client = await App.SignInAsync(BeaconApp.Practitioner);
        var children = (await ChildrenAsync()).Take(6).ToList();
        var poisoned = children[0].ToString();
        var postgres = App.Provider == DatabaseProvider.PostgreSql;
        await App.WithDb(db => db.Database.ExecuteSqlRawAsync(postgres
            ? $"CREATE FUNCTION audit_test_refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.record_id = '{poisoned}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$; "
              + "CREATE TRIGGER audit_test_refuse_one BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_test_refuse_one()"
            : $"CREATE TRIGGER audit_test_refuse_one BEFORE INSERT ON audit_entries WHEN NEW.record_id = '{poisoned}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"));
        var start = await HeadAsync();
        HttpResponseMessage[] answers;
        try
        {
            Task<HttpResponseMessage[]> requests;
            using (var scope = App.Services.CreateScope())
            {
                // On PostgreSQL the reads queue behind the chain's lock, so they are written as one batch.
                var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
                if (postgres)
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditAppender.PostgresAuditLockKey})", TestContext.Current.CancellationToken);
                }

                requests = Task.WhenAll(children.Select(c => client.GetAsync($"/children/{c}", TestContext.Current.CancellationToken)));
                var deadline = DateTime.UtcNow.AddSeconds(3);
                while (postgres && GroupCommit.Queued < children.Count - 1 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(20, TestContext.Current.CancellationToken);
                }

                await transaction.RollbackAsync(TestContext.Current.CancellationToken);
            }

            answers = await requests;
        }
        finally
        {
            await App.WithDb(db => db.Database.ExecuteSqlRawAsync(postgres
                ? "DROP TRIGGER audit_test_refuse_one ON audit_entries; DROP FUNCTION audit_test_refuse_one()"
                : "DROP TRIGGER audit_test_refuse_one"));
        }

        // Only the read whose entry was refused fails; every other read is answered, with its entry.
        Assert.NotEqual(HttpStatusCode.OK, answers[0].StatusCode); // the error page (a redirect to it, outside Development)
        Assert.All(answers.Skip(1), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var written = await App.WithDb(db => db.AuditEntries.Where(e => e.Sequence > start && e.Action == "view").Select(e => e.RecordId).ToListAsync());
        Assert.Equal(children.Skip(1).Select(c => c.ToString()).Order(), written.Order());
        await AssertChainVerifiesAsync();
    }

    [Fact]
    public async Task A_batch_that_fails_to_commit_fails_its_requests_and_the_chain_stays_whole()
    {
        App.SkipIfUnavailable();
        var client = await App.ApiAsync(BeaconApp.Practitioner);
        var children = await ChildrenAsync();
        var postgres = App.Provider == DatabaseProvider.PostgreSql;
        await App.WithDb(db => db.Database.ExecuteSqlRawAsync(postgres
            ? "CREATE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$; "
              + "CREATE TRIGGER audit_test_refuse BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_test_refuse()"
            : "CREATE TRIGGER audit_test_refuse BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"));
        var start = await HeadAsync();
        HttpResponseMessage[] refused;
        try
        {
            refused = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.GetAsync($"/api/v1/children/{children[i % children.Count]}", TestContext.Current.CancellationToken)));
        }
        finally
        {
            await App.WithDb(db => db.Database.ExecuteSqlRawAsync(postgres
                ? "DROP TRIGGER audit_test_refuse ON audit_entries; DROP FUNCTION audit_test_refuse()"
                : "DROP TRIGGER audit_test_refuse"));
        }

        // Nothing is shown without its entry: every read whose batch failed failed too, and wrote nothing.
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode));
        Assert.Equal(start, await HeadAsync());

        // The writer carries on with the next batch.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/children/{children[0]}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(start + 1, await HeadAsync());
        await AssertChainVerifiesAsync();
    }
}

public sealed class SqliteAuditGroupCommitTests(SqliteApp app) : AuditGroupCommitTests<SqliteApp>(app);

public sealed class PostgresAuditGroupCommitTests(PostgresApp app) : AuditGroupCommitTests<PostgresApp>(app);

/// <summary>The benchmark's switch that turns off the audit of reads (docs/decisions/0030) works only in the Benchmark
/// environment: anywhere else Beacon refuses to start with it, and a read made with it anyway fails instead of going
/// unaudited.</summary>
public sealed class AuditBenchmarkSwitchTests(SqliteBenchmarkApp benchmark) : IClassFixture<SqliteBenchmarkApp>
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Development")]
    public async Task Beacon_refuses_to_start_with_reads_unaudited_outside_the_benchmark_environment(string environment)
    {
        var folder = Directory.CreateTempSubdirectory("beacon-switch-").FullName;
        var error = new StringWriter();
        var code = await BeaconWebApp.RunAsync(
            [$"--environment={environment}", "--Beacon:Audit:SkipReadsForBenchmark=true", "--Beacon:Database:Provider=Sqlite",
             $"--Beacon:Database:ConnectionString=Data Source={Path.Combine(folder, "beacon.db")}", "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=None"],
            error);
        Assert.Equal(1, code);
        Assert.Contains("SkipReadsForBenchmark is for the audit benchmark only", error.ToString());
        Assert.False(File.Exists(Path.Combine(folder, "beacon.db")), "it should refuse before touching the database");
    }

    [Fact]
    public void Reading_the_switch_outside_the_benchmark_environment_throws()
    {
        using var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" })
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Beacon:Audit:SkipReadsForBenchmark"] = "true" }).Build())
            .AddBeaconCore().BuildServiceProvider();
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>().Value);
    }

    [Fact]
    public async Task In_the_benchmark_environment_the_switch_leaves_reads_unaudited()
    {
        benchmark.SkipIfUnavailable();
        var client = await benchmark.ApiAsync(BeaconApp.Practitioner);
        var head = await benchmark.WithDb(db => db.AuditEntries.MaxAsync(e => e.Sequence));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/children/{benchmark.CountyChildId}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(head, await benchmark.WithDb(db => db.AuditEntries.MaxAsync(e => e.Sequence)));
    }
}

/// <summary>SQLite in the Benchmark environment with the audit of reads switched off, as scripts/audit-benchmark.sh runs it.</summary>
public sealed class SqliteBenchmarkApp : SqliteApp
{
    protected override string HostEnvironment => AuditOptions.BenchmarkEnvironment;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:Audit:SkipReadsForBenchmark", "true");
    }
}

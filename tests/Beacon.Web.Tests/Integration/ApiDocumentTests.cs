using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Integration;

/// <summary>The OpenAPI document partners build on (issue #21 §3; docs/decisions/0018): it passes redocly's recommended
/// rules, and a client generated from it (openapi-typescript types, openapi-fetch, type-checked by tsc, run with node)
/// makes a real notification → RHI → summary round trip against Beacon on a real port, on each database.</summary>
public abstract class ApiDocumentTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp, IKestrelApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task The_document_passes_redocly_lint_with_the_recommended_rules()
    {
        App.SkipIfUnavailable();
        NodeTools.SkipIfUnavailable();
        var run = await WriteDocumentAsync();
        try
        {
            var (exit, output, errors) = await NodeTools.RunAsync(run, null, Path.Combine(NodeTools.Folder, "node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", "v1.json", "--format=json");
            Assert.True(exit == 0, $"redocly lint failed:\n{output}\n{errors}");
            var totals = JsonDocument.Parse(output).RootElement.GetProperty("totals");
            Assert.Equal(0, totals.GetProperty("errors").GetInt32());
            Assert.True(totals.GetProperty("warnings").GetInt32() == 0, output);
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    [Fact]
    public async Task A_client_generated_from_the_document_notifies_completes_the_rhi_and_reads_the_summary()
    {
        App.SkipIfUnavailable();
        NodeTools.SkipIfUnavailable();
        var run = await WriteDocumentAsync();
        try
        {
            File.Copy(Path.Combine(NodeTools.Folder, "roundtrip.ts"), Path.Combine(run, "roundtrip.ts"));
            File.Copy(Path.Combine(NodeTools.Folder, "tsconfig.json"), Path.Combine(run, "tsconfig.json"));
            var generate = await NodeTools.RunAsync(run, null, Path.Combine(NodeTools.Folder, "node_modules", "openapi-typescript", "bin", "cli.js"), "v1.json", "-o", "schema.d.ts");
            Assert.True(generate.ExitCode == 0, generate.Output + generate.Errors);
            var compile = await NodeTools.RunAsync(run, null, Path.Combine(NodeTools.Folder, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--outDir", "out");
            Assert.True(compile.ExitCode == 0, $"the client does not type-check against the document:\n{compile.Output}{compile.Errors}");

            var environment = new Dictionary<string, string>
            {
                ["BEACON_URL"] = App.BaseAddress.ToString().TrimEnd('/'),
                ["POLICE_TOKEN"] = await App.ApiTokenAsync(BeaconApp.PoliceLiaison),
                ["PROVIDER_TOKEN"] = await App.ApiTokenAsync(BeaconApp.Practitioner),
                ["COUNTY_TOKEN"] = await App.ApiTokenAsync(BeaconApp.CountyWorker),
            };
            var (exit, output, errors) = await NodeTools.RunAsync(run, environment, Path.Combine("out", "roundtrip.js"));
            Assert.True(exit == 0, $"the generated client's round trip failed:\n{output}{errors}");
            var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
            Assert.Equal("COMPLETED", result.GetProperty("status").GetString());
            var rhi = result.GetProperty("return_interview_id").GetGuid();
            var stored = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi));
            Assert.Equal(RhiStatus.Completed, stored.Status);
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    /// <summary>A folder under ApiClient/.runs (so node finds the pinned packages) holding the served document.</summary>
    private async Task<string> WriteDocumentAsync()
    {
        // The document is for signed-in users: sign in over the real port with a client of our own that keeps cookies.
        using var handler = new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = App.BaseAddress };
        var signIn = await BeaconApp.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = BeaconApp.Practitioner, ["Password"] = BeaconApp.Password });
        Assert.True(signIn.StatusCode == System.Net.HttpStatusCode.Redirect, $"sign-in: {signIn.StatusCode} {System.Text.RegularExpressions.Regex.Match(await signIn.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), "govuk-error-summary__list.{0,400}", System.Text.RegularExpressions.RegexOptions.Singleline).Value}");
        var document = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var run = Directory.CreateDirectory(Path.Combine(NodeTools.Folder, ".runs", Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(run, "v1.json"), document, TestContext.Current.CancellationToken);
        return run;
    }
}

/// <summary>A fixture served on Kestrel (a real port), for clients outside the process.</summary>
public interface IKestrelApp
{
    Uri BaseAddress { get; }
}

/// <summary>Beacon on SQLite, on a real port.</summary>
public sealed class KestrelApiSqliteApp : SqliteApp, IKestrelApp
{
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureBeforeStart() => UseKestrel(0);
}

/// <summary>Beacon on PostgreSQL, on a real port.</summary>
public sealed class KestrelApiPostgresApp : PostgresApp, IKestrelApp
{
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureBeforeStart() => UseKestrel(0);
}

public sealed class SqliteApiDocumentTests(KestrelApiSqliteApp app) : ApiDocumentTests<KestrelApiSqliteApp>(app);

public sealed class PostgresApiDocumentTests(KestrelApiPostgresApp app) : ApiDocumentTests<KestrelApiPostgresApp>(app);

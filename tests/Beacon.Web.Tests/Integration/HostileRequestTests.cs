using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Hostile requests (issue #16 §10): every /api/v1 endpoint and every page, enumerated from the app itself, given
/// control characters and NUL, nulls, extreme numbers, wrong types, malformed JSON and bad charsets — on both databases
/// and in both the Production and Development environments. Expected: never a server error; a refusal is a 400 naming
/// the field (problem details for the API, the GOV.UK error page for people); a refused request changes nothing.
/// </summary>
public abstract class HostileRequestTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refused_path_too_long_for_the_audit_or_a_filter_cut_inside_an_emoji_is_audited_not_a_server_error()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);

        // A practitioner is not on a panel: the refusal of a 300-character path is audited, its path cut to fit.
        var path = "/mace/panels/" + new string('x', 250);
        var refused = await practitioner.GetAsync(path, Ct);
        Assert.True(refused.StatusCode is HttpStatusCode.Found or HttpStatusCode.Forbidden, $"{(int)refused.StatusCode}");
        // The work list's filter is cut at 60 characters for its audit entry: here inside an emoji (issue #21 review).
        var list = await practitioner.GetAsync("/return-interviews?locality=" + new string('a', 59) + "%F0%9F%98%80", Ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);

        var entries = await App.WithDb(db => db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Take(20).ToListAsync());
        var refusal = Assert.Single(entries, e => e.Outcome == "denied" && e.RecordId!.StartsWith("GET /mace/panels/xxx", StringComparison.Ordinal));
        Assert.Equal(100, refusal.RecordId!.Length);
        var listed = Assert.Single(entries, e => e.Action == "list" && e.Details!.Contains("locality: aaaa", StringComparison.Ordinal));
        Assert.Contains("a\uFFFD;", listed.Details!, StringComparison.Ordinal);
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], new StringWriter(), new StringWriter(), App.CliSettings));
    }

    [Fact]
    public async Task The_requests_that_gave_server_errors_get_a_400_naming_the_field()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.ApiAsync(BeaconApp.Practitioner);
        var before = await CountsAsync();

        var referral = new StringContent("""{"referrer_name":"R","referrer_agency":"School","received_on":"2026-01-05","exploitation_types":[null,"CSE"],"answers":{}}""", Encoding.UTF8, "application/json");
        await AssertRefusedAsync(await practitioner.PostAsync($"/api/v1/children/{App.CountyChildId}/referrals", referral, Ct), "exploitation_types");
        await AssertRefusedAsync(await practitioner.GetAsync("/api/v1/children?page=2147483647", Ct), "page");
        await AssertRefusedAsync(await practitioner.GetAsync("/api/v1/children?page=0", Ct), "page");
        await AssertRefusedAsync(await practitioner.GetAsync("/api/v1/children?pageSize=-5", Ct), "pageSize");
        await AssertRefusedAsync(await practitioner.GetAsync("/api/v1/children?q=a%00b", Ct), "q");
        var charset = new StringContent(JsonSerializer.Serialize(Notifications.Valid()));
        charset.Headers.Remove("Content-Type");
        charset.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=no-such-charset");
        await AssertRefusedAsync(await practitioner.PostAsync("/api/v1/notifications", charset, Ct), "Content-Type");
        await AssertRefusedAsync(await practitioner.PostAsync("/api/v1/notifications", new StringContent("{\"police_reference\": ", Encoding.UTF8, "application/json"), Ct), "body");
        var nul = Notifications.Valid();
        nul["given_name"] = "Ann\0e";
        await AssertRefusedAsync(await practitioner.PostAsync("/api/v1/notifications", new StringContent(JsonSerializer.Serialize(nul), Encoding.UTF8, "application/json"), Ct), "given_name");

        // Pages: the GOV.UK error page names the field.
        var manager = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.TeamManager));
        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        foreach (var (client, path, field) in new[]
        {
            (manager, "/children?q=a%00b", "q"), (manager, "/audit?record=a%00b", "record"), (manager, "/audit?user=a%00b", "user"),
            (chair, "/mace/concerns?Search=a%00b", "Search"), (manager, "/children?page=2147483647", "page number"), (manager, "/children?page=-1", "page number"),
        })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("There is a problem with your request", html);
            Assert.Contains(field, html);
        }

        // The page number is read from the query (Razor Pages' own "page" route value used to win: every page showed the first).
        Assert.Contains("Testchild", await manager.GetStringAsync("/children?page=1", Ct));
        Assert.DoesNotContain("Testchild", await manager.GetStringAsync("/children?page=2", Ct));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Every_api_endpoint_refuses_hostile_parameters_and_bodies_without_a_server_error_or_a_change()
    {
        App.SkipIfUnavailable();
        var json = App.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var operations = HostileRequests.ApiOperations(App.Services);
        Assert.True(operations.Count >= 15, $"only {operations.Count} API operations found");
        var clients = new[] { await App.ApiAsync(BeaconApp.Practitioner), await App.ApiAsync(BeaconApp.PanelChair), await App.ApiAsync(BeaconApp.PoliceLiaison), await App.ApiAsync("mentor@provider.beacon.example") };
        var before = await CountsAsync();
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in operations)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(operation.Route, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value == "childId" ? App.CountyChildId.ToString() : Guid.NewGuid().ToString());
            var client = await ClientForAsync(clients, operation, path, json);
            foreach (var @case in HostileRequests.Cases(operation, json))
            {
                sent++;
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), @case.Query.Length == 0 ? path : $"{path}?{@case.Query}");
                if (@case.Body is not null)
                {
                    request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(@case.Body));
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", @case.ContentType);
                }

                var response = await client.SendAsync(request, Ct);
                var text = await response.Content.ReadAsStringAsync(Ct);
                var status = (int)response.StatusCode;
                var where = $"{operation.Method} {operation.Route} {@case.Description}";
                if (status >= 500)
                {
                    failures.Add($"{where}: {status}");
                }
                else if (operation.Method != "GET" && status < 300)
                {
                    failures.Add($"{where}: {status}, a hostile request was accepted");
                }
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{where}: {status} without problem details");
                }
                else if (@case.MustName is { } field && (status != 400 || !text.Contains(field, StringComparison.Ordinal)))
                {
                    failures.Add($"{where}: {status}, expected 400 naming {field}: {text[..Math.Min(text.Length, 300)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests mishandled:\n{string.Join("\n", failures.Take(60))}");
        Assert.Equal(before, await CountsAsync());
        TestContext.Current.SendDiagnosticMessage($"{sent} hostile requests to {operations.Count} API operations.");
    }

    [Fact]
    public async Task Every_page_refuses_control_characters_in_query_strings_and_form_fields_with_a_govuk_error()
    {
        App.SkipIfUnavailable();
        var pages = HostileRequests.PageRoutes(App.Services);
        Assert.Contains("/children", pages);
        var clients = new[] { await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.TeamManager)), await App.SignInAsync(BeaconApp.PanelChair), App.Browser() };
        var failures = new List<string>();
        var names = new[] { "q", "record", "user", "Search", "page", "returnUrl", "state", "subject" };
        var sent = 0;
        foreach (var page in pages)
        {
            foreach (var client in clients)
            {
                var name = names[sent++ % names.Length]; // every page and client, each parameter name in turn (the rule is one)
                var response = await client.GetAsync($"{page}?{name}=a%00b", Ct);
                var html = await response.Content.ReadAsStringAsync(Ct);
                if (response.StatusCode != HttpStatusCode.BadRequest || !html.Contains($"query parameter {name}", StringComparison.Ordinal))
                {
                    failures.Add($"{page}?{name}=NUL: {(int)response.StatusCode}");
                }
            }
        }

        // A form field: refused before the handler runs (here the sign-in form, whose handler would query the user).
        var before = await App.WithDb(db => db.AuditEntries.CountAsync());
        var browser = App.Browser();
        foreach (var text in HostileRequests.RefusedText.Where(t => !t.Any(char.IsSurrogate))) // a form cannot carry a lone surrogate (sent as U+FFFD)
        {
            var form = await BeaconApp.PostFormAsync(browser, "/account/sign-in", new() { ["Email"] = "someone" + text + "@provider.beacon.example", ["Password"] = "x" });
            var html = await form.Content.ReadAsStringAsync(Ct);
            var named = text.Contains('\0') ? "The form contains a NUL character" : "The field Email"; // the framework's form reader refuses NUL before any field is named
            if (form.StatusCode != HttpStatusCode.BadRequest || !html.Contains(named, StringComparison.Ordinal))
            {
                failures.Add($"sign-in form with {string.Join(" ", text.Select(c => $"{(int)c:x4}"))}: {(int)form.StatusCode} {System.Text.RegularExpressions.Regex.Match(html, "<h1[^>]*>([^<]*)</h1>\\s*<p[^>]*>([^<]*)").Value}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} pages mishandled:\n{string.Join("\n", failures.Take(60))}");
        Assert.Equal(before, await App.WithDb(db => db.AuditEntries.CountAsync()));
    }

    /// <summary>The first client the operation does not refuse for its role (403), so the body reaches the handler.</summary>
    private static async Task<HttpClient> ClientForAsync(HttpClient[] clients, HostileRequests.Operation operation, string path, JsonSerializerOptions json)
    {
        foreach (var client in clients)
        {
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
            if (HostileRequests.Baseline(operation, json) is { } body)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            if ((await client.SendAsync(request, Ct)).StatusCode != HttpStatusCode.Forbidden)
            {
                return client;
            }
        }

        return clients[0];
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.True(problem["errors"]?.AsObject().Any(e => e.Key.Contains(field, StringComparison.Ordinal)) == true, $"no error for {field}: {text}");
    }

    /// <summary>Row counts of the records a request could change.</summary>
    private Task<string> CountsAsync() => App.WithDb(async db => string.Join(", ",
        await db.Children.IgnoreQueryFilters().CountAsync(), await db.Episodes.IgnoreQueryFilters().CountAsync(), await db.Referrals.IgnoreQueryFilters().CountAsync(),
        await db.ReturnInterviews.IgnoreQueryFilters().CountAsync(), await db.RhiAttempts.IgnoreQueryFilters().CountAsync(), await db.MatchProposals.IgnoreQueryFilters().CountAsync(),
        await db.Associations.IgnoreQueryFilters().CountAsync(), await db.ApiTokens.CountAsync(), await db.Users.CountAsync()));
}

public sealed class SqliteProductionHostileRequestTests(SqliteProductionApp app) : HostileRequestTests<SqliteProductionApp>(app);

public sealed class SqliteDevelopmentHostileRequestTests(SqliteDevelopmentApp app) : HostileRequestTests<SqliteDevelopmentApp>(app);

public sealed class PostgresProductionHostileRequestTests(PostgresProductionApp app) : HostileRequestTests<PostgresProductionApp>(app);

public sealed class PostgresDevelopmentHostileRequestTests(PostgresDevelopmentApp app) : HostileRequestTests<PostgresDevelopmentApp>(app);

using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Demo;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace Beacon.Web.Tests.Support;

/// <summary>
/// Beacon hosted in-process on a real, throwaway database with demo data and three known test children:
/// one of Staffordshire's (county), one of Stoke-on-Trent's (city) and one placed in Stafford by Birmingham.
/// </summary>
public abstract partial class BeaconApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Lantern-Harbour-Demo-26";

    public Guid CountyChildId { get; private set; }

    public Guid CityChildId { get; private set; }

    public Guid PlacedChildId { get; private set; }

    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Settings that point the CLI (<c>BeaconCli.RunAsync</c>) at this fixture's database; a new dictionary each time.</summary>
    public Dictionary<string, string?> CliSettings => new() { ["Beacon:Database:Provider"] = Provider.ToString(), ["Beacon:Database:ConnectionString"] = ConnectionString };

    /// <summary>Why this database cannot be used here (tests then skip, except under CI where they fail).</summary>
    public string? Unavailable { get; private set; }

    protected abstract Task<string?> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    protected void SetConnectionString(string value) => ConnectionString = value;

    public async ValueTask InitializeAsync()
    {
        Unavailable = await CreateDatabaseAsync();
        if (Unavailable is not null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {Provider} is not available: {Unavailable}");
            }

            return;
        }

        ConfigureBeforeStart();
        StartServer();
        if (SeedsTestChildren)
        {
            await SeedTestChildrenAsync();
        }
    }

    protected virtual void ConfigureBeforeStart()
    {
    }

    /// <summary>The ASP.NET Core environment the app runs in (Development turns on the developer exception page and
    /// minimal APIs' throwing on bad requests; the hostile-request suite runs in Production and Development).</summary>
    protected virtual string HostEnvironment => "Testing";

    /// <summary>False for a second instance on a database another instance has already seeded.</summary>
    protected virtual bool SeedsTestChildren => true;

    public void SkipIfUnavailable() => Assert.SkipWhen(Unavailable is not null, $"{Provider} tests skipped: {Unavailable}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(HostEnvironment);
        builder.UseSetting("Beacon:Database:Provider", Provider.ToString());
        builder.UseSetting("Beacon:Database:ConnectionString", ConnectionString);
        builder.UseSetting("Beacon:Demo:Enabled", "true");
        builder.UseSetting("Beacon:Demo:Children", "12");
        builder.UseSetting("Beacon:Demo:Episodes", "0"); // tests make the episodes they count
        builder.UseSetting("Beacon:Demo:Years", "0"); // and no demo history
        builder.UseSetting("Beacon:Jobs:Enabled", "false"); // job tests drive the scheduler themselves
        builder.UseSetting("Beacon:Security:RequireHttps", "false");
        builder.UseSetting("Beacon:Security:SignInAttemptsPerMinute", "10000");
        builder.UseSetting("Beacon:Security:ApiRequestsPerMinute", "1000000"); // the hostile-input run sends thousands
        builder.UseSetting("Beacon:Alerts:SmtpHost", "127.0.0.1");
        builder.UseSetting("Beacon:Alerts:SmtpPort", SmtpSink.Shared.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Beacon:Alerts:BaseUrl", "https://beacon.test.example");
    }

    /// <summary>Runs one recurring job now, as the scheduler would (system actor), bypassing its schedule.</summary>
    public async Task<string> RunJobAsync(string name)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
        var job = scope.ServiceProvider.GetServices<Beacon.Web.Infrastructure.Jobs.IRecurringJob>().Single(j => j.Name == name);
        return await job.RunAsync(SystemClock.Instance.GetCurrentInstant(), TestContext.Current.CancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> with a database context acting as the system (sees everything).</summary>
    public async Task<T> WithDb<T>(Func<BeaconDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
        return await work(scope.ServiceProvider.GetRequiredService<BeaconDbContext>());
    }

    private async Task SeedTestChildrenAsync()
    {
        (CountyChildId, CityChildId, PlacedChildId) = await WithDb(async db =>
        {
            var organisations = await db.Organisations.ToDictionaryAsync(o => o.Code, o => o.Id);
            var police = organisations["POLICE-STAFFS"];
            var now = SystemClock.Instance.GetCurrentInstant();
            Child Make(string reference, string given, string district, string situation, Guid responsible, Guid host) => new()
            {
                Id = Guid.NewGuid(),
                Reference = reference,
                GivenName = given,
                FamilyName = "Testchild",
                DateOfBirth = new LocalDate(2011, 2, 28),
                Gender = "female",
                HostDistrictCode = district,
                HostAuthorityId = host,
                ResponsibleAuthorityId = responsible,
                LivingSituation = situation,
                NotifyingPoliceForceId = police,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var county = Make("TEST-COUNTY", "Countyone", "E07000197", "HOME", organisations["LA-860"], organisations["LA-860"]);
            var city = Make("TEST-CITY", "Cityone", "E06000021", "LA_CARE", organisations["LA-861"], organisations["LA-861"]);
            var placed = Make("TEST-PLACED", "Placedone", "E07000197", "PLACED_BY_OTHER_LA", organisations["LA-330"], organisations["LA-860"]);
            placed.NotifyingPoliceForceId = null;
            db.Children.AddRange(county, city, placed);
            await db.SaveChangesAsync();
            return (county.Id, city.Id, placed.Id);
        });
    }

    /// <summary>A client that does not follow redirects and keeps cookies.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>Signs in through the sign-in form, as a person would.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = Password)
    {
        var client = Browser();
        var response = await PostFormAsync(client, "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? path);
        fields["__RequestVerificationToken"] = AntiforgeryToken(page);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page");

    /// <summary>An API client with a fresh token for the given user.</summary>
    public async Task<HttpClient> ApiAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiTokenAsync(email));
        return client;
    }

    /// <summary>A fresh API token (the secret) for the given user.</summary>
    public Task<string> ApiTokenAsync(string email) => WithDb(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            using var scope = Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
            var (_, token) = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(user.Id, "test", Duration.FromDays(1));
            return token;
        });

    public static string EmailFor(string role) => DemoSeeder.Accounts.First(a => a.Role == role && a.OrganisationCode == "PROVIDER").Email;

    public const string CountyWorker = "social.worker@county.beacon.example";
    public const string CityWorker = "social.worker@city.beacon.example";
    public const string PoliceLiaison = "police.liaison@police.beacon.example";
    public const string Analyst = "analyst@commissioner.beacon.example";
    public const string PolicePanelMember = "panel.member@police.beacon.example";
    public const string CountyManager = "team.manager@county.beacon.example";
    public const string CityManager = "team.manager@city.beacon.example";

    /// <summary>A liaison officer of a second police force (issue #16): sees only what that force notified.</summary>
    public const string SecondForceLiaison = "police.liaison@neighbouring-police.beacon.example";

    public static string PanelChair => EmailFor(Roles.PanelChair);

    public static string Practitioner => EmailFor(Roles.Practitioner);

    public static string Administrator => EmailFor(Roles.SystemAdministrator);

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Unavailable is null)
        {
            await DropDatabaseAsync();
        }

        GC.SuppressFinalize(this);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>Beacon on a throwaway SQLite file.</summary>
public class SqliteApp : BeaconApp
{
    private string? folder;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string?> CreateDatabaseAsync()
    {
        folder = Directory.CreateTempSubdirectory("beacon-test-").FullName;
        SetConnectionString($"Data Source={Path.Combine(folder, "beacon.db")}");
        return Task.FromResult<string?>(null);
    }

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder!, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platforms; the temp folder is cleaned by the OS.
        }

        return Task.CompletedTask;
    }
}

/// <summary>Beacon on a fresh database in the PostgreSQL server named by BEACON_TEST_POSTGRES
/// (e.g. <c>Host=127.0.0.1;Port=55432;Username=postgres</c>; .ci/run starts one).</summary>
public class PostgresApp : BeaconApp
{
    private string? server;
    private string? database;

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public static string? ServerSetting => Environment.GetEnvironmentVariable("BEACON_TEST_POSTGRES");

    protected override async Task<string?> CreateDatabaseAsync()
    {
        server = ServerSetting;
        if (string.IsNullOrWhiteSpace(server))
        {
            return "BEACON_TEST_POSTGRES is not set";
        }

        database = $"beacon_test_{Guid.NewGuid():N}";
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            return $"cannot reach PostgreSQL at BEACON_TEST_POSTGRES: {ex.Message}";
        }

        SetConnectionString(new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
        return null;
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>SQLite, in the Production environment.</summary>
public sealed class SqliteProductionApp : SqliteApp
{
    protected override string HostEnvironment => "Production";
}

/// <summary>SQLite, in the Development environment.</summary>
public sealed class SqliteDevelopmentApp : SqliteApp
{
    protected override string HostEnvironment => "Development";
}

/// <summary>PostgreSQL, in the Production environment.</summary>
public sealed class PostgresProductionApp : PostgresApp
{
    protected override string HostEnvironment => "Production";
}

/// <summary>PostgreSQL, in the Development environment.</summary>
public sealed class PostgresDevelopmentApp : PostgresApp
{
    protected override string HostEnvironment => "Development";
}

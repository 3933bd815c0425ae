using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>Beacon on Kestrel with single sign-on configured, for a real browser.</summary>
public sealed class SsoKestrelApp : BeaconApp
{
    public override Beacon.Web.Infrastructure.Data.DatabaseProvider Provider => Beacon.Web.Infrastructure.Data.DatabaseProvider.Sqlite;

    /// <summary>Beacon as "localhost" while the providers are "127.0.0.1": another site, as Entra ID is in real life,
    /// so the SameSite rules of the sign-in cookie are exercised as they will be.</summary>
    public Uri BaseAddress => new UriBuilder(ClientOptions.BaseAddress) { Host = "localhost" }.Uri;

    protected override Task<string?> CreateDatabaseAsync()
    {
        SetConnectionString($"Data Source={Path.Combine(Directory.CreateTempSubdirectory("beacon-sso-browser-").FullName, "beacon.db")}");
        return Task.FromResult<string?>(null);
    }

    protected override void ConfigureBeforeStart() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        SsoSettings.Apply(builder);
    }

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

/// <summary>Single sign-on in headless Chromium under the real Content-Security-Policy (issue #21 §1, ADR 17).</summary>
public sealed class SingleSignOnBrowserTests(SsoKestrelApp app) : IClassFixture<SsoKestrelApp>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_council_worker_signs_in_with_their_councils_provider_lands_signed_in_and_signs_out_of_both()
    {
        if (!File.Exists(Chromium))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "CI=true but Chromium is missing at /usr/bin/chromium");
            Assert.Skip("Browser tests skipped: Chromium is not installed at /usr/bin/chromium.");
        }

        var subject = "browser-subject-" + Guid.NewGuid().ToString("N");
        var username = TestIdentityProvider.County.Add(new IdpAccount(subject, BeaconApp.CountyWorker));
        var council = await app.WithDb(db => db.Organisations.Where(o => o.Code == "LA-860").Select(o => o.Name).SingleAsync());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var axe = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await axe.GotoAsync("/account/sign-in");
        await BrowserTests.AssertAccessibleAsync(axe, "sign-in with single sign-on");

        // The journey itself under the real Content-Security-Policy (its form-action must allow the provider at sign-out).
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() })).NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync($"/children/{app.CountyChildId}");
        Assert.Contains("/account/sign-in", page.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {council}", Exact = true }).ClickAsync();

        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/children/{app.CountyChildId}"), new() { Timeout = 60_000 });
        Assert.Equal("Countyone Testchild", await page.Locator("h1").InnerTextAsync());
        await page.GotoAsync("/");
        Assert.Contains("Hello, Casey County-Worker (demo)", await page.Locator("h1").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/sign-in"));
        Assert.Contains("You have signed out", await page.Locator(".govuk-notification-banner").InnerTextAsync());
        Assert.Contains(subject, TestIdentityProvider.County.EndedSessions);
        await page.GotoAsync("/");
        Assert.Contains("/account/sign-in", page.Url);
        Assert.True(consoleErrors.Count == 0, string.Join("; ", consoleErrors));
    }
}

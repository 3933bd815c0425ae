using Beacon.Web.Features.Missing;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using NodaTime;

namespace Beacon.Web.Tests.Browser;

/// <summary>Issue #17 §2 in headless Chromium, axe-clean on every page: a police liaison officer sorts their notification
/// imports by file both ways, narrows them by status (the sort stays), and pages on (sort and filter stay).</summary>
public sealed class ListBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_police_officer_sorts_filters_and_pages_their_imports_with_no_accessibility_violations()
    {
        Assert.SkipUnless(File.Exists(Chromium), "Chromium is not installed");
        await app.WithDb(async db =>
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            var liaison = await db.Users.Where(u => u.Email == BeaconApp.PoliceLiaison).Select(u => u.Id).SingleAsync();
            db.ImportRuns.AddRange(Enumerable.Range(1, 60).Select(i => new ImportRun
            {
                Id = Guid.NewGuid(),
                UploadedById = liaison,
                FileName = $"weekly-{i:D2}.csv",
                Status = i % 10 == 0 ? ImportRun.Failed : ImportRun.Done,
                Rows = 100 + i,
                CreatedAt = now.Plus(Duration.FromMinutes(i)),
            }));
            return await db.SaveChangesAsync();
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await BrowserTests.SignInAsync(page, BeaconApp.PoliceLiaison);

        await page.GotoAsync("/notifications/imports");
        Assert.Equal("Showing 1 to 50 of 60 imports", await CountAsync(page));
        Assert.Equal("weekly-60.csv", await FirstFileAsync(page));
        await BrowserTests.AssertAccessibleAsync(page, "imports, newest first");

        var file = page.Locator("#import-runs th", new() { HasText = "File" });
        await file.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=file"));
        Assert.Equal("ascending", await file.GetAttributeAsync("aria-sort"));
        Assert.Equal("weekly-01.csv", await FirstFileAsync(page));
        await file.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("dir=desc"));
        Assert.Equal("descending", await file.GetAttributeAsync("aria-sort"));
        Assert.Equal("weekly-60.csv", await FirstFileAsync(page));
        await BrowserTests.AssertAccessibleAsync(page, "imports sorted by file");

        // Narrow to imported files: the sort stays. Page on: the sort and the filter stay.
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Imported" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("status=done"));
        Assert.Contains("sort=file", page.Url);
        Assert.Equal("Showing 1 to 50 of 54 imports", await CountAsync(page));
        Assert.Equal("weekly-59.csv", await FirstFileAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("page=2"));
        Assert.Contains("status=done", page.Url);
        Assert.Equal("Showing 51 to 54 of 54 imports", await CountAsync(page));
        Assert.Equal("weekly-04.csv", await FirstFileAsync(page));
        Assert.Equal("descending", await file.GetAttributeAsync("aria-sort"));
        await BrowserTests.AssertAccessibleAsync(page, "imports, filtered, second page");
    }

    private static async Task<string> CountAsync(IPage page) => (await page.Locator("#result-count").InnerTextAsync()).Trim();

    private static async Task<string> FirstFileAsync(IPage page) => (await page.Locator("#import-runs tbody tr td").First.InnerTextAsync()).Trim();
}

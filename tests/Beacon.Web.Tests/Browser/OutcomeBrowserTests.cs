using Beacon.Domain.Missing;
using Beacon.Web.Tests.Support;
using Microsoft.Playwright;
using NodaTime;

namespace Beacon.Web.Tests.Browser;

/// <summary>The outcome measure's journey (issue #19 §1) in headless Chromium, axe-clean: a key worker takes a first
/// reading, then a review reading, and sees the star on the child's record change.</summary>
public sealed class OutcomeBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_key_worker_takes_a_first_and_a_review_reading_and_sees_the_star_change_with_no_accessibility_violations()
    {
        Assert.SkipUnless(File.Exists(Chromium), "Chromium is not installed");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await BrowserTests.SignInAsync(page, BeaconApp.Practitioner);

        var today = ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());
        await page.GotoAsync($"/children/{app.CountyChildId}");
        await page.Locator("#outcomes-link").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Take a reading" }).ClickAsync();
        await BrowserTests.AssertAccessibleAsync(page, "take a reading");

        // Saving with nothing scored explains itself, accessibly.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the reading" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(page, "take a reading with errors");

        await TakeAsync(page, today.PlusDays(-84), ("Being safe", "2"), ("Home and where I live", "5"), ("Friends and community", "3"));
        await page.GetByLabel("In the child’s own words (optional)").First.FillAsync("I don't go to the park any more.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the reading" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/outcomes", StringComparison.Ordinal));
        await BrowserTests.AssertAccessibleAsync(page, "outcomes after the first reading");

        await page.GetByRole(AriaRole.Link, new() { Name = "Take a reading" }).ClickAsync();
        await TakeAsync(page, today, ("Being safe", "6"), ("Home and where I live", "5"), ("Friends and community", "7"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the reading" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/outcomes", StringComparison.Ordinal));
        await page.Locator(".beacon-chart svg[role=img]").Nth(8).WaitForAsync(); // drawn by the chart library (ADR 33)
        Assert.Equal(8, await page.Locator(".beacon-chart svg[role=img]").CountAsync() - 1); // the star and a line per area
        await BrowserTests.AssertAccessibleAsync(page, "outcomes after the review");

        await page.GotoAsync($"/children/{app.CountyChildId}");
        var table = await page.Locator("#outcome-star-table").InnerTextAsync();
        Assert.Contains("Being safe\t2\t6\t+4", table);
        Assert.Contains("Friends and community\t3\t7\t+4", table);
        await page.Locator("#outcome-star svg[role=img]").WaitForAsync();
        Assert.True(await page.Locator("#outcome-star svg [stroke-dasharray]").CountAsync() > 0); // the first reading overlaid, dashed
        await BrowserTests.AssertAccessibleAsync(page, "child record with the star");
    }

    private static async Task TakeAsync(IPage page, LocalDate on, params (string Area, string Score)[] scores)
    {
        await DateInputBrowserTests.FillDateAsync(page, "TakenOn", on.ToString("d/M/yyyy", null));
        foreach (var (area, score) in scores)
        {
            await page.GetByLabel($"Score for {area}").SelectOptionAsync(score);
        }
    }
}

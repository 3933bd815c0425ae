using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Time;
using Beacon.Web.Tests.Support;
using Microsoft.Playwright;
using NodaTime;

namespace Beacon.Web.Tests.Browser;

/// <summary>A GOV.UK date input in headless Chromium, axe-clean (issue #17 §3): a key worker leaves out the year of an
/// outcome reading, is told so with only the year box marked, follows the error summary to it, and corrects it.</summary>
public sealed class DateInputBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_date_without_its_year_is_explained_marked_linked_and_corrected_with_no_accessibility_violations()
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
        var reading = page.GetByRole(AriaRole.Group, new() { Name = "Date of the reading" });
        await reading.GetByLabel("Day").FillAsync(today.Day.ToString(null, null));
        await reading.GetByLabel("Month").FillAsync(today.Month.ToString(null, null));
        await Score(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the reading" }).ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        Assert.Contains("Date of the reading must include a year", await summary.InnerTextAsync());
        Assert.Contains("Date of the reading must include a year", await page.Locator("#TakenOn-error").InnerTextAsync());
        Assert.Equal(["TakenOn-year"], await page.Locator(".govuk-date-input .govuk-input--error").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.id)"));
        Assert.Equal(today.Day.ToString(null, null), await page.Locator("#TakenOn").InputValueAsync()); // what was typed stays
        await BrowserTests.AssertAccessibleAsync(page, "a reading whose date has no year");

        await summary.GetByRole(AriaRole.Link, new() { Name = "Date of the reading must include a year" }).ClickAsync();
        Assert.Equal("TakenOn-year", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync(today.Year.ToString(null, null));
        await Score(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the reading" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/outcomes", StringComparison.Ordinal));
        Assert.Contains(today.ToString("d MMM yyyy", null), await page.Locator("main").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "outcomes after the corrected reading");
    }

    /// <summary>Fills a date input's boxes as a person would, from <c>d/m/yyyy</c> (or <c>d/m/yyyy HH:mm</c>: the time box too).</summary>
    internal static async Task FillDateAsync(IPage page, string id, string value)
    {
        var withTime = value.Contains(':', StringComparison.Ordinal);
        var parts = DateParts.Of(value, withTime);
        await page.Locator($"[id='{id}']").FillAsync(parts.Day);
        await page.Locator($"[id='{id}-month']").FillAsync(parts.Month);
        await page.Locator($"[id='{id}-year']").FillAsync(parts.Year);
        if (withTime)
        {
            await page.Locator($"[id='{id}-time']").FillAsync(parts.Time!);
        }
    }

    private static async Task Score(IPage page)
    {
        foreach (var area in new[] { "Being safe", "Home and where I live", "Friends and community" })
        {
            await page.GetByLabel($"Score for {area}").SelectOptionAsync("4");
        }
    }
}

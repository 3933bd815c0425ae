using Beacon.Domain.Missing;
using Beacon.Web.Features.Onward;
using Beacon.Web.Tests.Support;
using Microsoft.Playwright;
using NodaTime;

namespace Beacon.Web.Tests.Browser;

/// <summary>Issue #19's journey in headless Chromium, axe-clean on every page: a key worker takes a first outcome reading
/// and a review reading and sees the star change, refers the child on to a community resource and records that it
/// started (the wait shows), writes the safety and support plan; the responsible council reads the shared plan.</summary>
public sealed class OnwardBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_key_worker_takes_readings_refers_the_child_on_and_writes_the_plan_the_council_reads_with_no_accessibility_violations()
    {
        Assert.SkipUnless(File.Exists(Chromium), "Chromium is not installed");
        var resource = $"Journey Boxing Club {Guid.NewGuid():N}"[..28];
        await app.WithDb(db =>
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            db.Set<CommunityResource>().Add(new CommunityResource { Id = Guid.NewGuid(), Name = resource, Kind = "SPORT", MinAge = 8, MaxAge = 18, CreatedAt = now, UpdatedAt = now, UpdatedBy = "test" });
            return db.SaveChangesAsync();
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await SignInAsync(browser, BeaconApp.Practitioner);
        var today = ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());
        var child = app.CountyChildId;

        // A first reading twelve weeks ago and a review today: the star on the child's record changes.
        await page.GotoAsync($"/children/{child}/outcomes/new");
        await ReadAsync(page, today.PlusDays(-84), ("Being safe", "3"), ("Friends and community", "2"));
        await page.GotoAsync($"/children/{child}/outcomes/new");
        await ReadAsync(page, today, ("Being safe", "6"), ("Friends and community", "7"));
        await page.GotoAsync($"/children/{child}");
        var star = await page.Locator("#outcome-star-table").InnerTextAsync();
        Assert.Contains("Being safe\t3\t6\t+3", star);
        Assert.Contains("Friends and community\t2\t7\t+5", star);
        await BrowserTests.AssertAccessibleAsync(page, "child record with the star");

        // The directory, then an onward referral from the child's record, started today: the wait shows.
        await page.GetByRole(AriaRole.Link, new() { Name = "Resources", Exact = true }).ClickAsync();
        await page.Locator("#resources").WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(page, "directory of resources");
        await page.GotoAsync($"/children/{child}");
        await page.Locator("#onward-link").ClickAsync();
        await BrowserTests.AssertAccessibleAsync(page, "onward referrals, none yet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make the referral" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(page, "onward referral with errors");
        await page.GetByLabel("Resource or service").SelectOptionAsync(new SelectOptionValue { Label = $"{resource} (Sport, 8 to 18)" });
        await DateInputBrowserTests.FillDateAsync(page, "MadeOn", today.PlusDays(-14).ToString("d/M/yyyy", null));
        await page.GetByRole(AriaRole.Button, new() { Name = "Make the referral" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = resource }).ClickAsync();
        await page.GetByLabel("Started").CheckAsync();
        await DateInputBrowserTests.FillDateAsync(page, "On", today.ToString("d/M/yyyy", null));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the status" }).ClickAsync();
        await page.Locator("#history").WaitForAsync();
        Assert.Equal("Started", (await page.Locator("#status").InnerTextAsync()).Trim());
        Assert.Equal("14 days", (await page.Locator("#wait").InnerTextAsync()).Trim());
        await BrowserTests.AssertAccessibleAsync(page, "onward referral started");

        // The safety and support plan, written with the child and shared with the responsible council.
        await page.GotoAsync($"/children/{child}");
        await page.Locator("#safety-plan-link").ClickAsync();
        await page.Locator("#edit-plan").ClickAsync();
        await page.GetByLabel("What keeps me safe").FillAsync("Boxing on Tuesdays and Thursdays");
        await page.GetByLabel("Places to avoid").FillAsync("The underpass by the station");
        await page.GetByLabel("What will be done").First.FillAsync("Keep the boxing club place going");
        await page.Locator("select[name='Actions[0].Owner']").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await DateInputBrowserTests.FillDateAsync(page, "Actions[0]-DueOn", today.PlusDays(28).ToString("d/M/yyyy", null));
        await DateInputBrowserTests.FillDateAsync(page, "ReviewOn", today.PlusDays(56).ToString("d/M/yyyy", null));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save a new version" }).ClickAsync();
        await page.Locator("#plan-version").WaitForAsync();

        var council = await SignInAsync(browser, BeaconApp.CountyWorker);
        await council.GotoAsync($"/children/{child}/safety-plan");
        var shared = await council.Locator("main").InnerTextAsync();
        Assert.Contains("Boxing on Tuesdays and Thursdays", shared);
        Assert.Contains("The underpass by the station", shared);
        Assert.Equal(0, await council.Locator("#edit-plan").CountAsync()); // the council reads; the provider writes
        await BrowserTests.AssertAccessibleAsync(council, "the council reads the shared plan");
    }

    private async Task<IPage> SignInAsync(IBrowser browser, string email)
    {
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await BrowserTests.SignInAsync(page, email);
        return page;
    }

    private static async Task ReadAsync(IPage page, LocalDate on, params (string Area, string Score)[] scores)
    {
        await DateInputBrowserTests.FillDateAsync(page, "TakenOn", on.ToString("d/M/yyyy", null));
        foreach (var (area, score) in scores)
        {
            await page.GetByLabel($"Score for {area}").SelectOptionAsync(score);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save the reading" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/outcomes", StringComparison.Ordinal));
    }
}

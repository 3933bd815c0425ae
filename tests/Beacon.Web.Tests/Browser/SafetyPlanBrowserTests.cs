using Beacon.Domain.Missing;
using Beacon.Web.Tests.Support;
using Microsoft.Playwright;
using NodaTime;

namespace Beacon.Web.Tests.Browser;

/// <summary>The safety plan's journey (issue #19 §2) in headless Chromium, axe-clean: a key worker writes the plan from
/// the child's record; the responsible council's worker reads the shared plan and its print view, which prints
/// without the navigation.</summary>
public sealed class SafetyPlanBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    [Fact]
    public async Task A_key_worker_writes_a_safety_plan_and_the_council_reads_the_shared_plan_in_print_view_with_no_accessibility_violations()
    {
        BrowserTests.RequireChromium();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var options = new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true };
        var worker = await (await browser.NewContextAsync(options)).NewPageAsync();
        await BrowserTests.SignInAsync(worker, BeaconApp.Practitioner);

        var today = ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());
        await worker.GotoAsync($"/children/{app.CountyChildId}");
        await worker.Locator("#safety-plan-link").ClickAsync();
        await BrowserTests.AssertAccessibleAsync(worker, "safety plan before one is written");
        await worker.GetByRole(AriaRole.Link, new() { Name = "Write the plan" }).ClickAsync();
        await BrowserTests.AssertAccessibleAsync(worker, "write the safety plan");

        // An action with no agency explains itself, accessibly.
        await worker.GetByLabel("What will be done").First.FillAsync("Strategy meeting about the station");
        await worker.GetByRole(AriaRole.Button, new() { Name = "Save a new version" }).ClickAsync();
        await worker.Locator(".govuk-error-summary").WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(worker, "write the safety plan with errors");

        await worker.GetByLabel("Risks").FillAsync("Older young people at the station\nBeing asked to carry things");
        await worker.GetByLabel("What keeps me safe").FillAsync("Phoning my nan");
        await worker.GetByLabel("Trusted adults").FillAsync("Nan (Ruth)");
        await worker.GetByLabel("Places to avoid").FillAsync("The station underpass");
        await worker.GetByLabel("Agency that owns it").First.SelectOptionAsync("LA-860");
        await DateInputBrowserTests.FillDateAsync(worker, "Actions[0]-DueOn", today.PlusDays(7).ToString("d/M/yyyy", null));
        await DateInputBrowserTests.FillDateAsync(worker, "ReviewOn", today.PlusDays(28).ToString("d/M/yyyy", null));
        await worker.GetByRole(AriaRole.Button, new() { Name = "Save a new version" }).ClickAsync();
        await worker.WaitForURLAsync(url => url.EndsWith("/safety-plan", StringComparison.Ordinal));
        Assert.Contains("Version 1 (current)", await worker.Locator("#plan-version").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(worker, "the safety plan");

        // The responsible council's worker reads the shared plan and prints it.
        var council = await (await browser.NewContextAsync(options)).NewPageAsync();
        await BrowserTests.SignInAsync(council, BeaconApp.CountyWorker);
        await council.GotoAsync($"/children/{app.CountyChildId}");
        await council.Locator("#safety-plan-link").ClickAsync();
        Assert.Contains("Being asked to carry things", await council.Locator("#risks").InnerTextAsync());
        Assert.Equal(0, await council.Locator("#edit-plan").CountAsync());
        await council.Locator("#print-link").ClickAsync();
        await council.WaitForURLAsync(url => url.EndsWith("/safety-plan/print", StringComparison.Ordinal));
        Assert.Contains("Strategy meeting about the station", await council.Locator("#plan-actions").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(council, "the safety plan's print view");
        await council.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await council.Locator(".govuk-header").IsVisibleAsync());
        Assert.False(await council.Locator(".govuk-service-navigation").IsVisibleAsync());
        Assert.True(await council.Locator("#risks").IsVisibleAsync());
    }
}

using Beacon.Web.Tests.Support;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>Issue #17 §5's journey in headless Chromium, axe-clean on every page: a council worker goes from the
/// statutory exports to the upload, is told to choose a file, uploads their list, reads what matched and what did not,
/// and finds the id on the child's record.</summary>
public sealed class CouncilChildIdBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_council_worker_uploads_their_child_ids_and_reads_the_report_with_no_accessibility_violations()
    {
        Assert.SkipUnless(File.Exists(Chromium), "Chromium is not installed");
        var id = $"C{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await BrowserTests.SignInAsync(page, BeaconApp.CityWorker);

        await page.GotoAsync("/exports");
        await page.Locator("#council-child-ids-link").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Upload your council's child ids" }).WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(page, "council child id upload");

        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and match" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("Select a CSV file of your council", await page.Locator(".govuk-error-summary").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "council child id upload with an error");

        // Stoke-on-Trent's test child by name and date of birth; a child the council does not have.
        var csv = $"given_name,family_name,date_of_birth,nhs_number,local_authority_child_id\nCityone,Testchild,28/02/2011,,{id}\nNoone,Testchild,01/01/2012,,{id}X\n";
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "ids.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and match" }).ClickAsync();
        await page.Locator("#import-result").WaitForAsync();
        Assert.Contains("1 recorded, 0 changed, 0 already recorded, 1 not applied", await page.Locator("#import-result").InnerTextAsync());
        Assert.Contains("No child your council is responsible for", await page.Locator("#problems").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "council child id upload report");

        await page.GotoAsync($"/children/{app.CityChildId}");
        Assert.Equal(id, (await page.Locator("#council-child-id").InnerTextAsync()).Trim());
    }
}

using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Tests.Support;
using Microsoft.Playwright;
using NodaTime;

namespace Beacon.Web.Tests.Browser;

/// <summary>The contract view's journey (issue #18 evidence) in headless Chromium, axe-clean on every page: the service
/// manager sets a KPI target and sees its RAG in words, records spend, sets a spot-purchase price and opens the annual contract report in its print view, which
/// prints a section a page on A4.</summary>
public sealed class ContractBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    [Fact]
    public async Task The_service_manager_sets_a_target_records_spend_and_prints_the_annual_report_with_no_accessibility_violations()
    {
        BrowserTests.RequireChromium();
        await SeedCompletedInterviewAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await BrowserTests.SignInAsync(page, BeaconApp.EmailFor(Roles.ServiceManager));

        // Sets a target for the county's completed interviews in 2024-25 (its one offered interview was completed: 100%)
        // and sees the rating in words.
        await page.GotoAsync("/contract/kpis?year=2024&council=LA-860");
        await BrowserTests.AssertAccessibleAsync(page, "KPIs");
        await page.Locator("#Indicator").SelectOptionAsync(new SelectOptionValue { Label = "Offered return interviews completed" });
        await page.Locator("#OrganisationId").SelectOptionAsync(new SelectOptionValue { Label = "Staffordshire" });
        await page.Locator("#TargetValue").FillAsync("80");
        await page.Locator("#Green").FillAsync("80");
        await page.Locator("#Amber").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save target" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("saved=target"));
        var completed = page.Locator("#kpis tr", new() { HasText = "Offered return interviews completed" });
        Assert.Contains("Green: on target", await completed.InnerTextAsync());
        Assert.Contains("80.0%", await completed.InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "KPIs after setting a target");

        // Records spend against the first council's budget for 2024-25.
        await page.GotoAsync("/contract/budget?year=2024");
        await BrowserTests.AssertAccessibleAsync(page, "budget");
        await DateInputBrowserTests.FillDateAsync(page, "SpentOn", "2024-06-30");
        await page.GetByLabel("Council").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Mentors" });
        await page.GetByLabel("Amount in pounds").FillAsync("1,234.56");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record spend" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("recorded=true"));
        Assert.Contains("£1,234.56", await page.Locator("#budget").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "budget after recording spend");

        // Sets the first council's spot-purchase price for the year.
        await page.GotoAsync("/spot-purchase/invoices?month=2024-05&council=860");
        await BrowserTests.AssertAccessibleAsync(page, "spot purchases charged");
        await page.Locator("#OrganisationId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Price per return interview in pounds").FillAsync("375.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save price" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("saved=true"));
        Assert.Contains("£375.00", await page.Locator("#prices").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "spot purchases after setting a price");

        // The annual report shows the spend, and its print view prints a section a page.
        await page.GotoAsync("/contract/annual-report?year=2024");
        await BrowserTests.AssertAccessibleAsync(page, "annual contract report");
        Assert.Contains("£1,234.56", await page.Locator("#budget").InnerTextAsync());
        var kpi = page.Locator("#kpis tr", new() { HasText = "Offered return interviews completed" }).Filter(new() { HasText = "Staffordshire" });
        Assert.Contains("Green: on target", await kpi.InnerTextAsync());
        await page.Locator("#print-view").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("print=true"));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.Equal("page", await page.Locator("#exploitation").EvaluateAsync<string>("e => getComputedStyle(e).breakBefore"));
        Assert.Equal("auto", await page.Locator("#missing").EvaluateAsync<string>("e => getComputedStyle(e).breakBefore"));
        Assert.False(await page.Locator("form.beacon-filters").IsVisibleAsync());
        Assert.True(await page.Locator("#annual-missing-chart").CountAsync() == 1);
        Assert.True((await page.PdfAsync(new() { Format = "A4", PreferCSSPageSize = true })).Length > 1000);
        await BrowserTests.AssertAccessibleAsync(page, "annual contract report, print view");
    }

    /// <summary>The county test child's return interview of June 2024: offered within a day, and completed.</summary>
    private Task SeedCompletedInterviewAsync() => app.WithDb(async db =>
    {
        var (reported, now) = (Instant.FromUtc(2024, 6, 10, 12, 0), SystemClock.Instance.GetCurrentInstant());
        var child = await db.Children.FindAsync(app.CountyChildId) ?? throw new InvalidOperationException("No county test child");
        var rhi = new ReturnInterview
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            Reference = "BROWSER-KPI-RHI",
            Status = RhiStatus.Completed,
            FirstReturnedAt = reported + Duration.FromHours(6),
            DueAt = reported + Duration.FromHours(78),
            OfferedAt = reported + Duration.FromHours(30),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ReturnInterviews.Add(rhi);
        db.Episodes.Add(new Episode
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            PoliceReference = "BROWSER-KPI-1",
            GivenName = child.GivenName,
            FamilyName = child.FamilyName,
            DateOfBirth = child.DateOfBirth,
            Gender = child.Gender,
            HostDistrictCode = child.HostDistrictCode,
            LivingSituation = child.LivingSituation,
            ResponsibleAuthorityId = child.ResponsibleAuthorityId,
            ReportedMissingAt = reported,
            ReturnedAt = reported + Duration.FromHours(6),
            MissingOrAbsent = "M",
            PoliceRisk = "MEDIUM",
            NotifiedAt = reported + Duration.FromHours(10),
            ReturnInterviewId = rhi.Id,
            Source = "import",
            CreatedAt = now,
            UpdatedAt = now,
        });
        return await db.SaveChangesAsync();
    });
}

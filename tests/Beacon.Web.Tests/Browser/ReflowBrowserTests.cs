using System.Net.Http.Json;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>Reflow at 375 CSS pixels (WCAG 2.2 SC 1.4.10; issue #17 §9): the work lists, the RHI page and the other
/// lists and records fit the width without scrolling sideways, and "Assigned to" is not cut off. The API documentation
/// (Swagger UI, themed by Beacon) has no axe-core violations.</summary>
public sealed class ReflowBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    private const int Width = 375;

    [Fact]
    public async Task At_375_pixels_wide_lists_records_and_the_rhi_page_do_not_scroll_sideways()
    {
        BrowserTests.RequireChromium();
        var police = await app.ApiAsync(BeaconApp.PoliceLiaison);
        var notification = Notifications.Valid();
        notification["given_name"] = "Reflow";
        Assert.True((await police.PostAsJsonAsync("/api/v1/notifications", notification, TestContext.Current.CancellationToken)).IsSuccessStatusCode);
        var rhi = await app.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().Where(r => r.Child!.FamilyName == notification["family_name"]).Select(r => r.Id).SingleAsync());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var options = new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true, ViewportSize = new ViewportSize { Width = Width, Height = 800 } };
        var practitioner = await (await browser.NewContextAsync(options)).NewPageAsync();
        await BrowserTests.SignInAsync(practitioner, BeaconApp.Practitioner);
        var failures = new List<string>();
        foreach (var path in new[]
        {
            "/", "/return-interviews", "/children", $"/return-interviews/{rhi}", $"/children/{app.CountyChildId}", "/referrals",
            "/repeat-missing", "/repeat-missing?show=actions", "/alerts", "/reports/intelligence", "/key-work", "/account",
        })
        {
            failures.AddRange(await OverflowAsync(practitioner, path));
        }

        // "Assigned to" on the RHI page: its value and the "Assign to me" button are within the width.
        await practitioner.GotoAsync($"/return-interviews/{rhi}");
        var assigned = practitioner.Locator(".govuk-summary-list__row", new() { HasText = "Assigned to" });
        foreach (var part in new[] { assigned.Locator(".govuk-summary-list__key"), assigned.Locator(".govuk-summary-list__value"), assigned.GetByRole(AriaRole.Button, new() { Name = "Assign to me" }) })
        {
            var box = await part.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= Width, $"'Assigned to' is cut off: {box.X} to {box.X + box.Width}");
        }

        var manager = await (await browser.NewContextAsync(options)).NewPageAsync();
        await BrowserTests.SignInAsync(manager, BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.ServiceManager));
        foreach (var path in new[] { "/", "/return-interviews", "/audit", "/audit?child=TEST-COUNTY" })
        {
            failures.AddRange(await OverflowAsync(manager, path));
        }

        var council = await (await browser.NewContextAsync(options)).NewPageAsync();
        await BrowserTests.SignInAsync(council, BeaconApp.CountyWorker);
        foreach (var path in new[] { "/", "/children", "/summaries" })
        {
            failures.AddRange(await OverflowAsync(council, path));
        }

        var analyst = await (await browser.NewContextAsync(options)).NewPageAsync();
        await BrowserTests.SignInAsync(analyst, BeaconApp.Analyst);
        foreach (var path in new[] { "/", "/reports/missing", "/reports/exploitation" })
        {
            failures.AddRange(await OverflowAsync(analyst, path));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_api_documentation_has_no_accessibility_violations()
    {
        BrowserTests.RequireChromium();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await BrowserTests.SignInAsync(page, BeaconApp.Analyst);
        await page.GotoAsync("/api/docs/index.html");
        await page.Locator(".swagger-ui .info .title").WaitForAsync();
        await page.Locator(".swagger-ui .opblock").First.WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(page, "API documentation");

        // An operation opened shows its parameters and responses, still accessibly.
        await page.Locator(".swagger-ui .opblock-summary-control").First.ClickAsync();
        await page.Locator(".swagger-ui .opblock-body").First.WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(page, "API documentation with an operation open");
    }

    /// <summary>The page's problems with reflow: wider than the viewport, naming the elements that stick out.</summary>
    private static async Task<IEnumerable<string>> OverflowAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"{path}: {response?.Status}");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth <= Width)
        {
            return [];
        }

        var wide = await page.EvaluateAsync<string[]>($$"""
            () => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > {{Width}} + 1)
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' right=' + Math.round(e.getBoundingClientRect().right))
            """);
        return [$"{path}: scrollWidth {scrollWidth} > {Width} ({string.Join(", ", wide)})"];
    }
}

using Beacon.Web.Tests.Support;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// Issue #17 §6 (ADR 33): the report charts are drawn by the chart library as SVG under Beacon's own Content-Security-
/// Policy (no bypass), each named for screen readers, with no console errors or CSP violations; they print; and the
/// pages pass axe-core with the charts drawn.
/// </summary>
public sealed class ChartBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    private static readonly string[] Pages = ["/reports/missing", "/reports/exploitation", "/reports/committee-pack"];

    [Fact]
    public async Task The_missing_return_exploitation_return_and_committee_pack_draw_named_svg_charts_under_the_csp()
    {
        BrowserTests.RequireChromium();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);

        var strict = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() })).NewPageAsync();
        var errors = new List<string>();
        strict.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add($"{strict.Url}: {message.Text}");
            }
        };
        strict.PageError += (_, error) => errors.Add($"{strict.Url}: {error}");
        await strict.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))");
        await BrowserTests.SignInAsync(strict, BeaconApp.Analyst);
        foreach (var path in Pages)
        {
            await strict.GotoAsync(path);
            var figures = await strict.Locator("figure.beacon-chart").CountAsync();
            Assert.True(figures >= 2, $"{path} has {figures} charts");
            var drawn = strict.Locator("figure.beacon-chart [data-chart] svg[role=img]");
            await drawn.Nth(figures - 1).WaitForAsync();
            Assert.Equal(figures, await drawn.CountAsync());
            for (var i = 0; i < figures; i++)
            {
                // Each SVG is named by its own title and described by its description (and has a table of its figures).
                var svg = drawn.Nth(i);
                var title = await svg.EvaluateAsync<string>("s => document.getElementById(s.getAttribute('aria-labelledby'))?.textContent ?? ''");
                var description = await svg.EvaluateAsync<string>("s => document.getElementById(s.getAttribute('aria-describedby'))?.textContent ?? ''");
                Assert.False(string.IsNullOrWhiteSpace(title), $"chart {i} on {path} has no title");
                Assert.False(string.IsNullOrWhiteSpace(description), $"chart {i} on {path} has no description");
                Assert.Equal(title, await strict.Locator("figure.beacon-chart figcaption").Nth(i).InnerTextAsync());
                Assert.True(await svg.Locator("text").CountAsync() > 0, $"chart {i} on {path} has no axis or legend text");
            }

            // The charts use the GOV.UK font, not the browser's default serif.
            var font = await drawn.First.Locator("text").First.EvaluateAsync<string>("t => getComputedStyle(t).fontFamily");
            Assert.DoesNotContain("serif", font.Replace("sans-serif", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // Printed (or saved as PDF), the pack's charts still show and fit the page.
        await strict.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var chart = strict.Locator("figure.beacon-chart").First;
        var (figureBox, svgBox) = (await chart.BoundingBoxAsync(), await chart.Locator("svg").BoundingBoxAsync());
        Assert.True(svgBox is { Width: > 100, Height: > 50 } && svgBox.Width <= figureBox!.Width + 1, $"printed chart {svgBox?.Width}x{svgBox?.Height} in {figureBox?.Width}");
        Assert.Empty(errors);

        // axe-core with the charts drawn (its script needs the CSP bypassed to be injected).
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await BrowserTests.SignInAsync(page, BeaconApp.Analyst);
        foreach (var path in Pages)
        {
            await page.GotoAsync(path);
            await page.Locator("figure.beacon-chart svg[role=img]").First.WaitForAsync();
            await BrowserTests.AssertAccessibleAsync(page, path);
        }
    }

    [Fact]
    public async Task The_association_maps_key_holds_its_labels_and_stays_above_the_next_heading()
    {
        BrowserTests.RequireChromium();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 } })).NewPageAsync();
        await BrowserTests.SignInAsync(page, BeaconApp.PanelChair);
        await page.GotoAsync($"/mace/network?subject=child:{app.CountyChildId}");
        var key = page.Locator("p:has(.beacon-key)");
        var heading = page.Locator("h2", new() { HasText = "Children who share adults or places" });
        var (keyBox, headingBox) = (await key.BoundingBoxAsync(), await heading.BoundingBoxAsync());
        foreach (var swatch in await key.Locator(".beacon-key").AllAsync())
        {
            // Each swatch sits beside its label inside the key: the label is in the box, not spilling out of it.
            var box = await swatch.BoundingBoxAsync();
            Assert.True(box!.Width > 30 && box.Y + box.Height <= keyBox!.Y + keyBox.Height + 1, $"key item {await swatch.InnerTextAsync()}: {box.Width}x{box.Height} at {box.Y}");
        }

        Assert.True(keyBox!.Y + keyBox.Height <= headingBox!.Y, $"the key ends at {keyBox.Y + keyBox.Height}, below the heading at {headingBox.Y}");
    }
}

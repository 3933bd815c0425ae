using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Web.Tests.Support;
using Microsoft.Playwright;
using NodaTime;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// Issue #17 §3 in headless Chromium, axe-clean on every page visited: the interview form submitted empty lists its
/// errors in page order; the close-without-interview outcome reveals its follow-up question and shows what needs an
/// offer first; the submitted interview ends on a confirmation panel. The same for a referral. Dates are set through
/// the API, so this journey does not depend on how date fields are drawn.
/// </summary>
public sealed class FormPatternBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    private static async Task<List<string>> SummaryLinksAsync(IPage page)
    {
        await page.Locator(".govuk-error-summary").WaitForAsync();
        var hrefs = await page.Locator(".govuk-error-summary__list a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        foreach (var href in hrefs)
        {
            Assert.Equal(1, await page.Locator(href).CountAsync()); // each link's target is on the page
        }

        return [.. hrefs.Select(h => h.TrimStart('#'))];
    }

    [Fact]
    public async Task An_interview_and_a_referral_show_errors_in_page_order_reveal_what_applies_and_confirm_what_happens_next()
    {
        BrowserTests.RequireChromium();
        var police = await app.ApiAsync(BeaconApp.PoliceLiaison);
        var rhi = (await (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("return_interview_id").GetGuid();
        var api = await app.ApiAsync(BeaconApp.Practitioner);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();
        await BrowserTests.SignInAsync(page, BeaconApp.Practitioner);

        // Before the offer: a decline is not possible yet, and says why; "not offered" reveals why not.
        await page.GotoAsync($"/return-interviews/{rhi}");
        await page.GetByText("Close without an interview").ClickAsync();
        Assert.True(await page.Locator("#Outcome").IsDisabledAsync());
        Assert.True(await page.GetByText("Record the offer before recording an interview or a decline.").IsVisibleAsync());
        var reveal = page.Locator("#conditional-Outcome-NOT_OFFERED");
        Assert.False(await reveal.IsVisibleAsync());
        await page.Locator("#Outcome-NOT_OFFERED").CheckAsync();
        Assert.True(await reveal.IsVisibleAsync());
        Assert.True(await page.GetByLabel("Duplicate notification").IsVisibleAsync());
        await BrowserTests.AssertAccessibleAsync(page, "return interview, closing revealed");
        await page.GotoAsync($"/return-interviews/{rhi}/interview");
        Assert.Contains("Record the offer first", await page.Locator("#needs-offer").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "interview form before the offer");

        // Offered (through the API): the form submitted empty lists its errors in the order of its questions.
        var attempted = await api.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/attempts", new { attempted_at = Notifications.Iso(SystemClock.Instance.GetCurrentInstant() - Duration.FromHours(1)), method = "PHONE", outcome = "ARRANGED" });
        Assert.Equal(System.Net.HttpStatusCode.Created, attempted.StatusCode);
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the interview" }).ClickAsync();
        var links = await SummaryLinksAsync(page);
        Assert.StartsWith("InterviewedAt", links[0]);
        Assert.Equal(["Method", "Venue", "Reasons", "PrimaryReason", "WhereWent", "Harm", "ExploitationIndicators", "ChildsWords"], links[1..]);
        await BrowserTests.AssertAccessibleAsync(page, "interview form with errors");

        // The time drafted through the API; the rest answered on the page; submitted: the confirmation panel.
        var version = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/return-interviews/{rhi}")).GetProperty("version").GetInt32();
        var draft = await api.PutAsJsonAsync($"/api/v1/return-interviews/{rhi}/interview", new { form = new { interviewed_at = Notifications.Iso(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(10)) }, submit = false, version });
        Assert.Equal(System.Net.HttpStatusCode.OK, draft.StatusCode);
        await page.GotoAsync($"/return-interviews/{rhi}/interview");
        await page.Locator("#Method").CheckAsync();
        await page.Locator("#Venue-SCHOOL").CheckAsync();
        await page.Locator("#Reasons-FAMILY").CheckAsync();
        await page.Locator("#PrimaryReason-FAMILY").CheckAsync();
        await page.GetByLabel("Where did they go?").FillAsync("Stayed at an aunt's house.");
        await page.GetByLabel("Did they come to harm, or were they at risk?").FillAsync("No harm.");
        await page.Locator("#ExploitationIndicators").CheckAsync();
        await page.GetByLabel("In the child’s own words").FillAsync("I needed space.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the interview" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/return-interviews/submitted/"));
        Assert.Equal("Interview submitted", (await page.Locator(".govuk-panel__title").InnerTextAsync()).Trim());
        Assert.Contains("has been shared with", await page.Locator("#shared-with").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "interview submitted");
        await page.GetByRole(AriaRole.Link, new() { Name = "interview summary page" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/summary"));
        await BrowserTests.AssertAccessibleAsync(page, "interview summary");

        // A referral submitted empty: errors in page order; recorded: the panel says its level and where it goes.
        await page.GotoAsync($"/children/{app.CountyChildId}/referrals/new");
        await BrowserTests.AssertAccessibleAsync(page, "new referral");
        await page.GetByRole(AriaRole.Button, new() { Name = "Score and record the referral" }).ClickAsync();
        links = await SummaryLinksAsync(page);
        Assert.Equal(["ReferrerName", "ReferrerAgency", "Types"], links[..3]); // the date received is filled in already
        Assert.All(links[3..], l => Assert.StartsWith("answer-", l));
        await BrowserTests.AssertAccessibleAsync(page, "new referral with errors");
        await page.GetByLabel("Referrer’s name").FillAsync("Sam Example");
        await page.GetByLabel("Referrer’s agency").FillAsync("School");
        await page.GetByLabel("County lines").CheckAsync();
        foreach (var no in await page.Locator("input[type=radio][value=No]").AllAsync())
        {
            await no.CheckAsync();
        }

        await page.Locator("#answer-WEAPON-Known").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Score and record the referral" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/referrals/recorded/"));
        Assert.Equal("Referral recorded", (await page.Locator(".govuk-panel__title").InnerTextAsync()).Trim());
        Assert.Equal("High risk", (await page.Locator("#level").InnerTextAsync()).Trim());
        Assert.Contains("Stafford MACE panel", await page.Locator("#next").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "referral recorded");
        await page.GetByRole(AriaRole.Link, new() { Name = "View the referral" }).ClickAsync();
        await page.Locator("#outcome").WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(page, "referral");
    }
}

using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Beacon.Web.Tests.Browser;

/// <summary>The mentoring journey (issue #20): a coordinator registers and vets a mentor, records their training and
/// matches them to a child; the mentor records a contact with a safeguarding concern; the key worker sees the alert.
/// Every page checked with axe-core.</summary>
public sealed class MentoringBrowserTests(KestrelSqliteApp app) : IClassFixture<KestrelSqliteApp>
{
    [Fact]
    public async Task A_coordinator_registers_vets_trains_and_matches_a_mentor_whose_concern_reaches_the_key_worker_with_no_accessibility_violations()
    {
        BrowserTests.RequireChromium();
        var mentorEmail = $"mentor-{Guid.NewGuid():N}"[..20] + "@provider.beacon.example";
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
            var created = await scope.ServiceProvider.GetRequiredService<Beacon.Web.Features.Admin.UserAdministration>()
                .CreateAsync(new Beacon.Web.Features.Admin.CreateUserCommand(mentorEmail, "Browser Mentor", "PROVIDER", [Roles.Mentor], BeaconApp.Password, null), TestContext.Current.CancellationToken);
            Assert.True(created.Succeeded);
        }

        var keyWorker = await app.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        await app.WithDb(async db =>
        {
            (await db.Children.SingleAsync(c => c.Id == app.CountyChildId)).AllocatedWorkerId = keyWorker;
            return await db.SaveChangesAsync();
        });
        var today = SystemClock.Instance.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date.ToString("d/M/yyyy", null);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        async Task<IPage> PageAsync() => await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString(), BypassCSP = true })).NewPageAsync();

        var page = await PageAsync();
        await BrowserTests.SignInAsync(page, "coordinator@provider.beacon.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mentors", Exact = true }).ClickAsync();
        await BrowserTests.AssertAccessibleAsync(page, "mentor register");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a mentor or volunteer" }).ClickAsync();
        await page.Locator("#Name").FillAsync("Robin Example");
        await page.GetByLabel("Mentor with lived experience").CheckAsync();
        await page.Locator("#Phone").FillAsync("07700 900 123");
        await page.Locator("#UserEmail").FillAsync(mentorEmail);
        await BrowserTests.AssertAccessibleAsync(page, "add a mentor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the register" }).ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/mentoring/[0-9a-f-]{36}$"));

        await page.Locator("summary", new() { HasText = "Record vetting" }).ClickAsync();
        await DateInputBrowserTests.FillDateAsync(page, "DbsCheckedOn", today);
        await page.Locator("#DbsCertificateNumber").FillAsync("001234567891");
        await DateInputBrowserTests.FillDateAsync(page, "DbsRenewalDueOn", "1/1/2040");
        await page.Locator("#ReferencesReceived").SelectOptionAsync("2");
        await DateInputBrowserTests.FillDateAsync(page, "AgreementSignedOn", today);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save vetting" }).ClickAsync();
        var mentorPage = page.Url;
        await page.GotoAsync("/mentoring/training"); // a session of the course, then the mentor's attendance (issue #20 §2)
        await page.Locator("#CourseId").SelectOptionAsync(new SelectOptionValue { Label = "Safeguarding children (level 2)" });
        await DateInputBrowserTests.FillDateAsync(page, "HeldOn", today);
        await page.Locator("#Minutes").FillAsync("180");
        await page.Locator("#Trainer").FillAsync("Sam Trainer");
        await page.Locator("#Place").FillAsync("Hanley office");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add session" }).ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/mentoring/training/[0-9a-f-]{36}$"));
        await BrowserTests.AssertAccessibleAsync(page, "training session");
        await page.GotoAsync(mentorPage);
        await page.Locator("summary", new() { HasText = "Record training attended" }).ClickAsync();
        await page.Locator("#SessionId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Yes", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record training" }).ClickAsync();
        await page.Locator("#training").WaitForAsync();
        await page.GotoAsync(mentorPage + "/support");
        await page.Locator("summary", new() { HasText = "Record supervision" }).ClickAsync();
        await DateInputBrowserTests.FillDateAsync(page, "SupervisedOn", today);
        await page.Locator("#SupervisionMinutes").FillAsync("60");
        await page.Locator("#Supervisor").FillAsync("Sue Pervisor");
        await page.Locator("#Notes").FillAsync("Settling in well.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record supervision" }).ClickAsync();
        await page.Locator("#supervisions").WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(page, "mentor support");
        await page.GotoAsync(mentorPage);
        await page.Locator("summary", new() { HasText = "Change status" }).ClickAsync();
        await page.Locator("#Status").SelectOptionAsync("active");
        await DateInputBrowserTests.FillDateAsync(page, "StatusOn", today);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();
        Assert.Equal("Active", (await page.Locator("#status").InnerTextAsync()).Trim());
        await BrowserTests.AssertAccessibleAsync(page, "mentor (vetted and trained)");

        await page.Locator("#ChildReference").FillAsync("TEST-COUNTY");
        await DateInputBrowserTests.FillDateAsync(page, "StartedOn", today);
        await DateInputBrowserTests.FillDateAsync(page, "ChildAgreedOn", today);
        await page.Locator("#Goals").FillAsync("Build confidence; find a local boxing club");
        await page.GetByRole(AriaRole.Button, new() { Name = "Match", Exact = true }).ClickAsync();
        await page.Locator("#match-list").WaitForAsync();
        Assert.Contains("TEST-COUNTY", await page.Locator("#match-list").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(page, "mentor (matched)");

        var mentor = await PageAsync();
        await BrowserTests.SignInAsync(mentor, mentorEmail);
        await mentor.GetByRole(AriaRole.Link, new() { Name = "My mentees" }).ClickAsync();
        await BrowserTests.AssertAccessibleAsync(mentor, "my mentees");
        await mentor.GetByRole(AriaRole.Link, new() { Name = "Countyone Testchild" }).ClickAsync();
        await mentor.GetByRole(AriaRole.Button, new() { Name = "Record contact" }).ClickAsync();
        await mentor.Locator(".govuk-error-summary").WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(mentor, "record a contact with errors");
        await DateInputBrowserTests.FillDateAsync(mentor, "HeldOn", today);
        await mentor.Locator("#Minutes").FillAsync("90");
        await mentor.Locator("#Kind").SelectOptionAsync("face-to-face");
        await mentor.Locator("#Place").FillAsync("Youth centre");
        await mentor.Locator("#Notes").FillAsync("Talked about school and football.");
        await mentor.Locator("#SafeguardingConcern").FillAsync("Said an older man has been giving them lifts late at night.");
        await mentor.GetByRole(AriaRole.Button, new() { Name = "Record contact" }).ClickAsync();
        await mentor.Locator("#contacts").WaitForAsync();
        await BrowserTests.AssertAccessibleAsync(mentor, "mentee with a contact");

        var worker = await PageAsync();
        await BrowserTests.SignInAsync(worker, BeaconApp.Practitioner);
        await worker.GotoAsync("/alerts");
        await worker.GetByRole(AriaRole.Button, new() { Name = "Safeguarding concern raised by a mentor for child TEST-COUNTY" }).First.ClickAsync();
        await worker.WaitForURLAsync(url => url.EndsWith("/mentoring", StringComparison.Ordinal));
        Assert.Contains("older man has been giving them lifts", await worker.Locator("#contacts").InnerTextAsync());
        await BrowserTests.AssertAccessibleAsync(worker, "child's mentoring");
    }
}

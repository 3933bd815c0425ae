using System.Net;
using Beacon.Domain.Contract;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Contract;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Issue #18 §3 and §4: budgets and spend to the penny, and the hardship fund's rules, on both databases. The demo
/// contract (reference data) gives each council a ring-fenced budget and the fund a pot for 2024 to 2026.</summary>
public abstract class ContractTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static string Html(string text) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text);

    private static string ServiceManager => BeaconApp.EmailFor(Roles.ServiceManager);

    private static string TeamManager => BeaconApp.EmailFor(Roles.TeamManager);

    [Fact]
    public async Task The_demo_budgets_are_reference_data_and_spend_is_exact_to_the_penny_over_ten_thousand_lines()
    {
        App.SkipIfUnavailable();
        var (county, city) = await App.WithDb(async db => (await db.Organisations.SingleAsync(o => o.Code == "LA-860"), await db.Organisations.SingleAsync(o => o.Code == "LA-861")));
        var budgets = await App.WithDb(db => db.Set<RingFencedBudget>().Where(b => b.FinancialYear == 2025).ToDictionaryAsync(b => b.OrganisationId, b => b.AmountPence));
        Assert.Equal(57_079_500, budgets[county.Id]);
        Assert.Equal(47_955_000, budgets[city.Id]);

        // 10,000 lines of awkward amounts (10p and 20p, which a binary floating-point sum gets wrong, and random pence).
        var random = new Random(18);
        var amounts = Enumerable.Range(0, 10_000).Select(i => i % 3 == 0 ? 10L : i % 3 == 1 ? 20L : random.Next(1, 500_000)).ToList();
        var expected = amounts.Sum();
        Assert.NotEqual(expected / 100m, (decimal)amounts.Select(a => a / 100.0).Sum()); // what floating point would have shown
        await App.WithDb(async db =>
        {
            db.Set<SpendLine>().AddRange(amounts.Select((a, i) => new SpendLine
            {
                Id = Guid.NewGuid(),
                SpentOn = new LocalDate(2025, 4, 1).PlusDays(i % 365),
                OrganisationId = county.Id,
                Category = "STAFFING",
                AmountPence = a,
                RecordedBy = "test",
                RecordedAt = SystemClock.Instance.GetCurrentInstant(),
            }));
            return await db.SaveChangesAsync();
        });

        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        var page = await analyst.GetStringAsync("/contract/budget?year=2025");
        Assert.Contains(Html(Money.Format(expected)), page);
        Assert.Contains(Html(Money.Format(57_079_500 - expected)), page);
        Assert.Contains(Html("£570,795.00"), page);
        Assert.Contains(Html("£479,550.00"), page);

        // The service manager records one more line through the form; a commissioner may not.
        var manager = await App.SignInAsync(ServiceManager);
        var bad = await BeaconApp.PostFormAsync(manager, "/contract/budget?year=2025", new() { ["SpentOn"] = "2025-05-01", ["OrganisationId"] = county.Id.ToString(), ["Category"] = "MENTORS", ["Amount"] = "12.345" });
        Assert.Contains("Enter the amount in pounds and pence", await bad.Content.ReadAsStringAsync());
        var good = await BeaconApp.PostFormAsync(manager, "/contract/budget?year=2025", new() { ["SpentOn"] = "2025-05-01", ["OrganisationId"] = county.Id.ToString(), ["Category"] = "MENTORS", ["Amount"] = "1,234.56", ["Note"] = "Mentor sessions" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Contains(Html(Money.Format(expected + 123_456)), await analyst.GetStringAsync("/contract/budget?year=2025"));
        var refused = await BeaconApp.PostFormAsync(analyst, "/contract/budget?year=2025", new() { ["SpentOn"] = "2025-05-01", ["OrganisationId"] = county.Id.ToString(), ["Category"] = "OTHER", ["Amount"] = "1" });
        Assert.Contains("access-denied", refused.Headers.Location?.OriginalString ?? "access-denied");
        Assert.Equal(10_001, await App.WithDb(db => db.Set<SpendLine>().CountAsync(s => s.OrganisationId == county.Id)));
    }

    [Fact]
    public async Task A_payment_that_would_overdraw_is_refused_and_nobody_approves_their_own()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.EmailFor(Roles.Practitioner));
        var path = $"/children/{App.CountyChildId}/hardship";
        async Task<HttpResponseMessage> RequestAsync(HttpClient client, string amount) =>
            await BeaconApp.PostFormAsync(client, path, new() { ["Recipient"] = "family", ["Amount"] = amount, ["Purpose"] = "FOOD", ["PaidOn"] = "2024-07-01" });

        Assert.Equal(HttpStatusCode.Redirect, (await RequestAsync(practitioner, "12,000.00")).StatusCode);
        var before = await App.WithDb(db => db.Set<HardshipPayment>().IgnoreQueryFilters().CountAsync());
        var over = await RequestAsync(practitioner, "500.01"); // £12,500 pot, £12,000 requested: £500.00 left
        Assert.True(over.StatusCode == HttpStatusCode.OK, $"{over.StatusCode} {over.Headers.Location}");
        Assert.Contains(Html("This would overdraw the hardship fund: £500.00 is left this year"), await over.Content.ReadAsStringAsync());
        Assert.Equal(before, await App.WithDb(db => db.Set<HardshipPayment>().IgnoreQueryFilters().CountAsync()));

        // A manager's own request waits for another manager.
        var manager = await App.SignInAsync(TeamManager);
        Assert.Equal(HttpStatusCode.Redirect, (await RequestAsync(manager, "500.00")).StatusCode);
        var (own, other) = await App.WithDb(async db =>
        {
            var payments = await db.Set<HardshipPayment>().Where(p => p.FinancialYear == 2024).ToListAsync();
            return (payments.Single(p => p.AmountPence == 50_000).Id, payments.Single(p => p.AmountPence == 1_200_000).Id);
        });
        var page = await manager.GetStringAsync("/contract/hardship?year=2024");
        Assert.Contains("Another manager must approve", page);
        var denied = await BeaconApp.PostFormAsync(manager, $"/contract/hardship?handler=Approve&id={own}&year=2024", [], "/contract/hardship?year=2024");
        Assert.Contains("You cannot approve a payment you requested", await denied.Content.ReadAsStringAsync());
        Assert.Null(await App.WithDb(db => db.Set<HardshipPayment>().Where(p => p.Id == own).Select(p => p.ApprovedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(manager, $"/contract/hardship?handler=Approve&id={other}&year=2024", [], "/contract/hardship?year=2024")).StatusCode);
        var serviceManager = await App.SignInAsync(ServiceManager);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(serviceManager, $"/contract/hardship?handler=Approve&id={own}&year=2024", [], "/contract/hardship?year=2024")).StatusCode);

        // The commissioner sees the figures and no child; the payment is on the child's timeline for those who may see it.
        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        var report = await analyst.GetStringAsync("/contract/hardship?year=2024");
        Assert.Contains(Html("£12,500.00"), report);
        Assert.Contains("Stafford", report);
        Assert.DoesNotContain("Countyone", report);
        Assert.DoesNotContain(App.CountyChildId.ToString(), report);
        Assert.Contains("Hardship payment", await (await App.SignInAsync(BeaconApp.CountyWorker)).GetStringAsync($"/children/{App.CountyChildId}"));
        Assert.NotEqual(HttpStatusCode.OK, (await (await App.SignInAsync(BeaconApp.CityWorker)).GetAsync($"/children/{App.CountyChildId}")).StatusCode);
        Assert.Contains("access-denied", (await analyst.GetAsync(path)).Headers.Location!.OriginalString);
    }
}

public sealed class SqliteContractTests(SqliteApp app) : ContractTests<SqliteApp>(app);

public sealed class PostgresContractTests(PostgresApp app) : ContractTests<PostgresApp>(app);

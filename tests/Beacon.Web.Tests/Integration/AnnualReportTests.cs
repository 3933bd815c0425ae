using System.Net;
using System.Text.Json;
using Beacon.Domain.Contract;
using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Contract;
using Beacon.Web.Features.Outcomes;
using Beacon.Web.Features.Reports;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Features.SpotPurchase;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Issue #18 §5 and §6: spot purchases charged (prices, the monthly invoice for the purchasing council only) and
/// the annual contract report (its figures are the source reports', small numbers suppressed only when asked), on both
/// databases.</summary>
public abstract class AnnualReportTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static string ServiceManager => BeaconApp.EmailFor(Roles.ServiceManager);

    private static Instant London(int y, int m, int d) => new LocalDateTime(y, m, d, 12, 0).InZoneLeniently(ChildAge.London).ToInstant();

    // Spot-purchased RHIs: the county bought three in 2024-25 (two in May, one not offered in May and so not charged,
    // one in June) and one in April 2025; the city bought one in May 2024. Once per fixture.
    private async Task<(Guid County, Guid City)> SeedAsync()
    {
        return await App.WithDb(async db =>
        {
            var county = await db.Organisations.SingleAsync(o => o.Code == "LA-860");
            var city = await db.Organisations.SingleAsync(o => o.Code == "LA-861");
            if (!await db.ReturnInterviews.AnyAsync(r => r.Reference.StartsWith("SPT-")))
            {
                ReturnInterview Rhi(string reference, Guid child, Guid council, Instant returned, RhiStatus status = RhiStatus.Completed) => new()
                {
                    Id = Guid.NewGuid(),
                    ChildId = child,
                    Reference = reference,
                    Status = status,
                    FirstReturnedAt = returned,
                    DueAt = returned + Duration.FromHours(72),
                    IsSpotPurchase = true,
                    PurchasedById = council,
                    CreatedAt = returned,
                    UpdatedAt = returned,
                };
                db.ReturnInterviews.AddRange(
                    Rhi("SPT-COUNTY-MAY-1", App.CountyChildId, county.Id, London(2024, 5, 3)),
                    Rhi("SPT-COUNTY-MAY-2", App.CountyChildId, county.Id, London(2024, 5, 31)),
                    Rhi("SPT-COUNTY-MAY-NO", App.CountyChildId, county.Id, London(2024, 5, 20), RhiStatus.NotOffered),
                    Rhi("SPT-COUNTY-JUNE", App.CountyChildId, county.Id, London(2024, 6, 1)),
                    Rhi("SPT-COUNTY-APR25", App.CountyChildId, county.Id, London(2025, 4, 2)),
                    Rhi("SPT-CITY-MAY", App.CityChildId, city.Id, London(2024, 5, 10)));
                await db.SaveChangesAsync();
            }

            return (county.Id, city.Id);
        });
    }

    [Fact]
    public async Task The_invoice_lists_only_that_councils_charged_rhis_at_the_price_in_force_and_another_council_is_refused()
    {
        App.SkipIfUnavailable();
        var (county, _) = await SeedAsync();

        // The service manager sets the county's 2024-25 price; the change is kept and audited. A council may not set one.
        var manager = await App.SignInAsync(ServiceManager);
        var saved = await BeaconApp.PostFormAsync(manager, "/spot-purchase/invoices?month=2024-05", new() { ["OrganisationId"] = county.ToString(), ["Price"] = "412.34" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var price = await App.WithDb(db => db.Set<SpotPurchasePrice>().SingleAsync(p => p.OrganisationId == county && p.FinancialYear == 2024));
        Assert.Equal(41_234, price.PricePence);
        Assert.Equal(ServiceManager, price.SetBy);
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.RecordType == nameof(SpotPurchasePrice) && a.RecordId == price.Id.ToString() && a.Details!.Contains("£412.34"))));
        var countyWorker = await App.SignInAsync(BeaconApp.CountyWorker);
        var refused = await BeaconApp.PostFormAsync(countyWorker, "/spot-purchase/invoices?month=2024-05", new() { ["OrganisationId"] = county.ToString(), ["Price"] = "1.00" });
        Assert.Contains("access-denied", refused.Headers.Location?.OriginalString ?? "access-denied");
        Assert.Equal(41_234, await App.WithDb(db => db.Set<SpotPurchasePrice>().Where(p => p.Id == price.Id).Select(p => p.PricePence).SingleAsync()));

        // The county's own worker downloads the county's May invoice: its two charged RHIs at the 2024-25 price, nothing else.
        var csv = await countyWorker.GetStringAsync("/spot-purchase/invoices?handler=Csv&council=860&month=2024-05");
        Assert.Equal(["reference,returned_on,price_pence", "SPT-COUNTY-MAY-1,2024-05-03,41234", "SPT-COUNTY-MAY-2,2024-05-31,41234"], csv.TrimEnd().Split(Environment.NewLine));
        Assert.DoesNotContain("Countyone", csv);
        var page = await countyWorker.GetStringAsync("/spot-purchase/invoices?council=860&month=2024-05");
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Money.Format(82_468)), page);
        Assert.DoesNotContain("SPT-CITY-MAY", page);
        Assert.DoesNotContain("Countyone", page);

        // April 2025 is in the next financial year: the demo price for 2025-26 applies.
        Assert.Contains("SPT-COUNTY-APR25,2025-04-02,35000", await countyWorker.GetStringAsync("/spot-purchase/invoices?handler=Csv&council=860&month=2025-04"));

        // The city's worker (another council) may not read the county's invoice, in any format; a commissioner opens the
        // page and sees the prices and each council's figures for the year, but never an invoice's lines or downloads.
        var cityWorker = await App.SignInAsync(BeaconApp.CityWorker);
        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        foreach (var client in new[] { cityWorker, analyst })
        {
            foreach (var url in new[] { "/spot-purchase/invoices?council=860&month=2024-05", "/spot-purchase/invoices?handler=Csv&council=860&month=2024-05", "/spot-purchase/invoices?handler=Xlsx&council=860&month=2024-05" })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode != HttpStatusCode.OK || (client == analyst && !url.Contains("handler=")), url);
                Assert.DoesNotContain("SPT-COUNTY", await response.Content.ReadAsStringAsync());
            }
        }

        var commissionerPage = WebUtility.HtmlDecode(await analyst.GetStringAsync("/spot-purchase/invoices?month=2024-05"));
        Assert.Contains("by purchasing council", commissionerPage);
        Assert.Contains(Money.Format(41_234), commissionerPage);
        Assert.DoesNotContain("SPT-", commissionerPage);
        Assert.DoesNotContain("invoice-lines", commissionerPage);

        // The city's worker sees the city's own invoice only, and is not offered the county in the choices.
        var cityPage = await cityWorker.GetStringAsync("/spot-purchase/invoices?month=2024-05");
        Assert.Contains("SPT-CITY-MAY", cityPage);
        Assert.DoesNotContain("SPT-COUNTY", cityPage);
        Assert.DoesNotContain("value=\"860\"", cityPage);

        // The console writes the same invoice, as CSV and XLSX.
        var output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "spot-purchase-invoices", "--council", "860", "--month", "2024-05", "--format", "csv"], output, new StringWriter(), App.CliSettings));
        Assert.Equal(csv.TrimEnd(), output.ToString().TrimEnd());
        var xlsx = Path.Combine(Path.GetTempPath(), $"invoice-{Guid.NewGuid():N}.xlsx");
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "spot-purchase-invoices", "--council", "860", "--month", "2024-05", "--format", "xlsx", "--out", xlsx], new StringWriter(), new StringWriter(), App.CliSettings));
        Assert.True(new FileInfo(xlsx).Length > 0);
        File.Delete(xlsx);
        Assert.Equal(2, await Beacon.Cli.BeaconCli.RunAsync(["report", "spot-purchase-invoices", "--council", "999", "--month", "2024-05"], new StringWriter(), new StringWriter(), App.CliSettings));
    }

    [Fact]
    public async Task The_annual_report_shows_the_source_reports_figures_and_suppresses_small_numbers_only_when_asked()
    {
        App.SkipIfUnavailable();
        await SeedAsync();
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
        var sp = scope.ServiceProvider;
        var report = await sp.GetRequiredService<AnnualContractReport>().BuildAsync(2024, suppress: false, TestContext.Current.CancellationToken);

        // Missing: the whole-area year row is the missing return's, and the cohort rows' total is the same row.
        var whole = (await sp.GetRequiredService<MissingReturn>().BuildAsync(2024, "annual", TestContext.Current.CancellationToken)).Single(r => r.AreaKind == "total");
        var missing = report.Section("missing");
        foreach (var t in missing.Tables)
        {
            Assert.Equal([whole.Notifications, whole.RhiOffered, whole.IndividualsReceivedRhi, whole.TotalRhi], t.Rows[^1].Skip(t.Columns.Count - 5).Take(4).Cast<int>());
        }

        var cohorts = (await sp.GetRequiredService<MissingReturnByCohort>().BuildAsync(2024, "annual", TestContext.Current.CancellationToken)).Where(r => r.AreaKind == "total").ToList();
        Assert.Equal(cohorts.Count + 1, missing.Tables[2].Rows.Count);
        Assert.Equal(cohorts.Sum(c => c.Notifications), missing.Tables[2].Rows.SkipLast(1).Sum(r => (int)r[2]!));

        // Exploitation, budget, hardship, spot purchases and outcomes: the owning report's figures.
        var exploitation = await sp.GetRequiredService<ExploitationReturn>().BuildAsync(2024, "annual", TestContext.Current.CancellationToken);
        Assert.Equal(exploitation.Summaries.Single(s => s.AreaKind == "total").Referrals, report.Section("exploitation").Tables[0].Rows[^1][^1]);
        var budgets = await sp.GetRequiredService<Budgets>().PositionsAsync(2024, TestContext.Current.CancellationToken);
        Assert.Equal(budgets.Select(b => (object?)b.Position.BudgetPence), report.Section("budget").Tables[0].Rows.Select(r => r[1]));
        Assert.Equal(budgets.Select(b => (object?)b.Position.SpentPence), report.Section("budget").Tables[0].Rows.Select(r => r[2]));
        var hardship = await sp.GetRequiredService<HardshipFund>().ReportAsync(2024, TestContext.Current.CancellationToken);
        Assert.Equal(hardship.PotPence, report.Section("hardship").Tables[0].Rows[0][1]);
        Assert.Equal(1_250_000L, hardship.PotPence);
        var spot = await sp.GetRequiredService<SpotPurchaseCharges>().YearAsync(2024, TestContext.Current.CancellationToken);
        var county = spot.Single(s => s.DfeNumber == 860);
        Assert.Equal(3, county.Rhis); // May twice and June; not the one not offered, not April 2025
        Assert.Equal(new object?[] { county.Rhis, county.ChargedPence }, report.Section("spot-purchases").Tables[0].Rows.Single(r => ((string)r[0]!).Contains("(860)")).Skip(1).Take(2));
        Assert.Equal(4, report.Section("spot-purchases").Tables[0].Rows[^1][1]);
        var outcomes = await sp.GetRequiredService<OutcomeReport>().BuildAsync(2024, TestContext.Current.CancellationToken);
        Assert.Equal(outcomes.Summaries.Single(s => s.AreaKind == "whole").Children, report.Section("outcomes").Tables[0].Rows[^1][1]);
        var kpis = (await sp.GetRequiredService<KpiReport>().ComputeAsync(2024, cancellationToken: TestContext.Current.CancellationToken)).Where(k => k.Period == "YTD").ToList();
        // Indicators that count people are in a count column, so suppression reaches them too; ratings are codes shown in words.
        var kpiTable = report.Section("kpis").Tables[0];
        var peopleTable = report.Section("kpis").Tables[1];
        var (measures, counts) = (kpis.Where(k => k.Definition.Unit != Beacon.Domain.Contract.KpiUnit.Count).ToList(), kpis.Where(k => k.Definition.Unit == Beacon.Domain.Contract.KpiUnit.Count).ToList());
        Assert.Equal(measures.Select(k => k.Rag), kpiTable.Rows.Select(r => (string?)r[4]));
        Assert.Equal(counts.Select(k => k.Rag), peopleTable.Rows.Select(r => (string?)r[4]));
        Assert.NotEmpty(peopleTable.Rows);
        Assert.Equal(measures.Select(k => Rag.Label(k.Rag)), Enumerable.Range(0, kpiTable.Rows.Count).Select(r => kpiTable.Text(r, 4))); // the page tells the RAG in words
        Assert.Equal(counts.Select(k => Rag.Label(k.Rag)), Enumerable.Range(0, peopleTable.Rows.Count).Select(r => peopleTable.Text(r, 4)));
        Assert.All(report.Section("outcomes").Tables[1].Rows, r => Assert.DoesNotContain("_", (string)r[0]!));

        // Not suppressed unless asked: the small counts show; asked, they are <5, and a total cannot give one away.
        Assert.False(report.Suppressed);
        Assert.All(report.Sections.SelectMany(s => s.Tables), t => Assert.Null(t.Marks));
        var suppressed = await sp.GetRequiredService<AnnualContractReport>().BuildAsync(2024, suppress: true, TestContext.Current.CancellationToken);
        var table = suppressed.Section("spot-purchases").Tables[0];
        Assert.Equal("<5", table.Text(table.Rows.ToList().FindIndex(r => ((string)r[0]!).Contains("(860)")), 1));
        Assert.Equal("<5", table.Text(table.Rows.Count - 1, 1));
        Assert.Equal(Money.Format(county.ChargedPence), table.Text(table.Rows.ToList().FindIndex(r => ((string)r[0]!).Contains("(860)")), 2)); // money is not a count
        var people = suppressed.Section("kpis").Tables[1];
        for (var i = 0; i < people.Rows.Count; i++)
        {
            if (people.Rows[i][2] is int n && n is >= 1 and <= 4)
            {
                Assert.Equal("<5", people.Text(i, 2));
            }
        }

        Assert.Null(suppressed.Section("missing").Chart);
        Assert.NotNull(report.Section("missing").Chart);

        // The page, JSON and workbook as a commissioner: suppressed only when the box is ticked; no child named.
        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        var json = JsonDocument.Parse(await analyst.GetStringAsync("/contract/annual-report?handler=Json&year=2024"));
        var jsonSpot = json.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "spot-purchases").GetProperty("tables")[0].GetProperty("rows");
        Assert.Equal(4, jsonSpot[jsonSpot.GetArrayLength() - 1][1].GetInt32());
        var jsonSuppressed = JsonDocument.Parse(await analyst.GetStringAsync("/contract/annual-report?handler=Json&year=2024&suppress=true"));
        Assert.Equal("<5", jsonSuppressed.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "spot-purchases").GetProperty("tables")[0].GetProperty("rows")[jsonSpot.GetArrayLength() - 1][1].GetString());
        var page = await analyst.GetStringAsync("/contract/annual-report?year=2024&print=true");
        Assert.Contains("beacon-report-section", page);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Money.Format(budgets[0].Position.BudgetPence)), page);
        Assert.DoesNotContain("Countyone", page);
        Assert.DoesNotContain("Cityone", page);
        Assert.DoesNotContain("SPT-", page);
        var workbook = await analyst.GetByteArrayAsync("/contract/annual-report?handler=Xlsx&year=2024");
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(workbook), false))
        {
            var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
            Assert.Equal([.. report.Sections.Select(s => s.Title.Length > 31 ? s.Title[..31] : s.Title), "Definitions"], sheets);
        }

        // The console: JSON to the output, the workbook to a file, suppression only with --suppress.
        var output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "annual-contract", "--financial-year", "2024", "--format", "json"], output, new StringWriter(), App.CliSettings));
        Assert.False(JsonDocument.Parse(output.ToString()).RootElement.GetProperty("suppressed").GetBoolean());
        output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "annual-contract", "--financial-year", "2024", "--format", "json", "--suppress"], output, new StringWriter(), App.CliSettings));
        Assert.True(JsonDocument.Parse(output.ToString()).RootElement.GetProperty("suppressed").GetBoolean());
        var file = Path.Combine(Path.GetTempPath(), $"annual-{Guid.NewGuid():N}.xlsx");
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "annual-contract", "--financial-year", "2024", "--format", "xlsx", "--out", file], new StringWriter(), new StringWriter(), App.CliSettings));
        Assert.True(new FileInfo(file).Length > 0);
        File.Delete(file);
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.RecordType == "AnnualContractReport" && a.RecordId == "2024/suppressed")));
    }
}

public sealed class SqliteAnnualReportTests(SqliteApp app) : AnnualReportTests<SqliteApp>(app);

public sealed class PostgresAnnualReportTests(PostgresApp app) : AnnualReportTests<PostgresApp>(app);

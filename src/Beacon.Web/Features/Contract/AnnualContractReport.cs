using System.Globalization;
using System.Text.Json;
using Beacon.Domain.Mentoring;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Features.Outcomes;
using Beacon.Web.Features.Reports;
using Beacon.Web.Features.SpotPurchase;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Contract;

/// <summary>
/// The annual contract report (issue #18 §6, docs/decisions/0026): one report for the contract year (a UK financial
/// year) that a commissioner takes to committee. Every section is read from the report that owns the figures — the
/// missing return and its cohort split, the exploitation return, budgets, the hardship fund, spot purchases, the mentor
/// register and the outcomes report — never recomputed here. Counts and money only: no child is named or identified.
/// With <c>suppress</c>, counts of 1 to 4 are shown as "&lt;5" with secondary suppression (<see cref="SmallNumbers"/>).
/// </summary>
public sealed class AnnualContractReport(MissingReturn missing, MissingReturnByCohort cohorts, ExploitationReturn exploitation, Budgets budgets, HardshipFund hardship,
    SpotPurchaseCharges spotPurchases, OutcomeReport outcomes, OutcomeFrameworks frameworks, KpiReport kpis, BeaconDbContext db)
{
    public const string KpisDefinition = "Each indicator's value for the year to date, per commissioning council and the whole area, against the target in force, with its RAG rating and the national benchmark, as on the KPI page (beacon report kpis).";

    private static ReportColumn Count(string code, string header) => new(code, header, CellKind.Count);

    private static ReportColumn Text(string code, string header) => new(code, header, CellKind.Text);

    private static ReportColumn Money(string code, string header) => new(code, header, CellKind.Money);

    private static ReportColumn Percent(string code, string header) => new(code, header, CellKind.Percent);

    public async Task<AnnualReport> BuildAsync(int financialYear, bool suppress, CancellationToken cancellationToken = default)
    {
        var sections = new List<ReportSection>
        {
            await MissingAsync(financialYear, cancellationToken),
            await ExploitationAsync(financialYear, cancellationToken),
            await KpisAsync(financialYear, cancellationToken),
            await BudgetAsync(financialYear, cancellationToken),
            await HardshipAsync(financialYear, cancellationToken),
            await SpotPurchasesAsync(financialYear, cancellationToken),
            await MentorsAsync(financialYear, cancellationToken),
            await OutcomesAsync(financialYear, cancellationToken),
        };
        if (suppress)
        {
            sections = [.. sections.Select(s => s with { Tables = [.. s.Tables.Select(t => t.Suppressed())], Chart = null })];
        }

        return new AnnualReport(financialYear, FinancialYear.Year(financialYear).Label, suppress, sections, Definitions);
    }

    private static readonly string[] MissingMeasures = ["notifications", "rhi_offered", "individuals_received_rhi", "total_rhi"];

    private static IReadOnlyList<ReportColumn> MissingColumns(string first, string header) =>
        [Text(first, header), .. MissingMeasures.Select(m => Count(m, MissingReturn.Columns[MissingReturn.IndexOf(m)].Label)), Percent("offered_within_72h_percent", "Offered within 72 hours (% of offered)")];

    private static object?[] MissingRow(string name, ReturnRow r) =>
        [name, .. MissingMeasures.Select(m => (object?)(int)r[m]!), r["offered_within_72h_percent"]];

    private async Task<ReportSection> MissingAsync(int year, CancellationToken cancellationToken)
    {
        var quarterly = await missing.BuildAsync(year, "quarterly", cancellationToken);
        var annual = await missing.BuildAsync(year, "annual", cancellationToken);
        var whole = annual.Single(r => r.AreaKind == "total");
        var byCohort = (await cohorts.BuildAsync(year, "annual", cancellationToken)).Where(r => r.AreaKind == "total").ToList();
        var councils = await MissingByCohortPageModel.CouncilNamesAsync(db, cancellationToken);
        return new ReportSection("missing", "Children missing from home and care", "The missing return (beacon report missing-quarterly) and its split by cohort and corporate parent",
        [
            new ReportTable("The whole area by quarter", MissingColumns("quarter", "Quarter"),
                [.. quarterly.Where(r => r.AreaKind == "total").Select(r => MissingRow(r.Period, r)), MissingRow($"Year {whole.Period}", whole)]) { LastRowIsTotal = true },
            new ReportTable("By district, for the year", MissingColumns("area", "District"),
                [.. annual.Where(r => r.AreaKind == "district").Select(r => MissingRow(r.Area, r)), MissingRow(whole.Area, whole)]) { LastRowIsTotal = true },
            new ReportTable("By cohort and corporate parent, the whole area for the year",
                [Text("cohort", "Cohort"), Text("corporate_parent", "Corporate parent"), .. MissingColumns("_", "_").Skip(1)],
                [.. byCohort.Select(r => (IReadOnlyList<object?>)[MissingByCohortPageModel.CohortLabel(r.Cohort), r.CorporateParent is { } n ? $"{councils.GetValueOrDefault(n, "Council")} ({n})" : "–",
                    r.Notifications, r.RhiOffered, r.IndividualsReceivedRhi, r.TotalRhi, r.OfferedWithin72hPercent]),
                 ["All cohorts", "–", .. MissingRow(string.Empty, whole).Skip(1)]]) { LastRowIsTotal = true },
        ])
        {
            Chart = ReturnChart.Bars("annual-missing-chart", "The whole area", [.. quarterly.Where(r => r.AreaKind == "total")]),
        };
    }

    private async Task<ReportSection> ExploitationAsync(int year, CancellationToken cancellationToken)
    {
        var report = await exploitation.BuildAsync(year, "annual", cancellationToken);
        var summaries = report.Summaries.Where(s => s.AreaKind is "district" or "total").OrderBy(s => s.AreaKind == "total").ToList();
        var total = report.Rows.Where(r => r.AreaKind == "total").ToList();
        return new ReportSection("exploitation", "Child exploitation", "The exploitation return (beacon report exploitation-quarterly)",
        [
            new ReportTable("Referrals and how they were worked, by district, for the year",
                [Text("area", "District"), Count("direct_work", "Direct work"), Count("consultation", "Consultation"), Count("other_work", "Other work"), Count("not_decided", "Not yet decided"), Count("referrals", "Referrals")],
                [.. summaries.Select(s => (IReadOnlyList<object?>)[s.Area, s.DirectWork, s.Consultation, s.OtherWork, s.WorkNotDecided, s.Referrals])]) { LastRowIsTotal = true, LastColumnIsTotal = true },
            new ReportTable("Referrals by risk level, the whole area for the year",
                [Text("risk_level", "Risk level"), Count("female", "Female"), Count("male", "Male"), Count("other_gender", "Other or not known"), Count("referrals", "Referrals")],
                [.. total.Select(r => (IReadOnlyList<object?>)[Domain.Vocabulary.Codes.ReferralRisk.Label(r.RiskLevel), r.Female, r.Male, r.OtherGender, r.Referrals]),
                 ["All levels", total.Sum(r => r.Female), total.Sum(r => r.Male), total.Sum(r => r.OtherGender), total.Sum(r => r.Referrals)]]) { LastRowIsTotal = true, LastColumnIsTotal = true },
            new ReportTable("MACE panels, for the year",
                [Text("panel", "Panel"), Count("meetings_held", "Meetings held"), Count("children_discussed", "Children discussed"), Count("actions_agreed", "Actions agreed"), Count("actions_completed", "Actions completed")],
                [.. report.Panels.Select(p => (IReadOnlyList<object?>)[p.Panel, p.MeetingsHeld, p.ChildrenDiscussed, p.ActionsAgreed, p.ActionsCompleted])]),
        ]);
    }

    private async Task<ReportSection> KpisAsync(int year, CancellationToken cancellationToken)
    {
        var rows = (await kpis.ComputeAsync(year, cancellationToken: cancellationToken)).Where(r => r.Period == "YTD").ToList();
        // Indicators that count people (active mentors) go in their own table with a count column, so small-number
        // suppression treats them as it treats every other count; the rating is a code shown in words (CellKind.Rag).
        static IReadOnlyList<object?> Row(KpiRow r, object? value) =>
            [r.Definition.Name, r.CouncilName, value, r.Target is null ? null : r.Definition.Format(r.Target), r.Rag, r.Benchmark is null ? null : r.Definition.Format(r.Benchmark)];
        return new ReportSection("kpis", "KPIs against targets", "The KPI framework (beacon report kpis), year to date",
        [
            new ReportTable("Indicators against targets, year to date",
                [Text("indicator", "Indicator"), Text("council", "Council"), Text("value", "Value"), Text("target", "Target"), new("rag", "RAG", CellKind.Rag), Text("benchmark", "National benchmark")],
                [.. rows.Where(r => r.Definition.Unit != Domain.Contract.KpiUnit.Count).Select(r => Row(r, r.Definition.Format(r.Value)))]),
            new ReportTable("Indicators that count people, year to date",
                [Text("indicator", "Indicator"), Text("council", "Council"), Count("value", "Number"), Text("target", "Target"), new("rag", "RAG", CellKind.Rag), Text("benchmark", "National benchmark")],
                [.. rows.Where(r => r.Definition.Unit == Domain.Contract.KpiUnit.Count).Select(r => Row(r, r.Value is { } v ? (int)v : null))]),
        ]);
    }

    private async Task<ReportSection> BudgetAsync(int year, CancellationToken cancellationToken)
    {
        var positions = await budgets.PositionsAsync(year, cancellationToken);
        return new ReportSection("budget", "Budget and spend per council", "The budget page (ring-fenced budgets and spend lines)",
        [
            new ReportTable("Ring-fenced budget, spend, forecast and remaining",
                [Text("council", "Council"), Money("budget_pence", "Ring-fenced budget"), Money("spent_pence", "Spend to date"), Money("forecast_pence", "Forecast for the year"), Money("remaining_pence", "Remaining")],
                [.. positions.Select(p => (IReadOnlyList<object?>)[p.Council, p.Position.BudgetPence, p.Position.SpentPence, p.Position.ForecastPence, p.Position.RemainingPence])]),
            new ReportTable("Spend by category",
                [Text("category", "Category"), .. positions.Select(p => Money(p.OrganisationId.ToString(), p.Council))],
                [.. Beacon.Domain.Vocabulary.Codes.SpendCategory.Select(c => (IReadOnlyList<object?>)[c.Value, .. positions.Select(p => (object?)p.SpentByCategory.GetValueOrDefault(c.Key))])]),
        ]);
    }

    private async Task<ReportSection> HardshipAsync(int year, CancellationToken cancellationToken)
    {
        var r = await hardship.ReportAsync(year, cancellationToken);
        return new ReportSection("hardship", "Hardship fund", "The hardship fund page",
        [
            new ReportTable("The fund", [Text("measure", "Measure"), Money("pence", "Amount")],
                [["Pot for the year", r.PotPence], ["Requested or approved", r.CommittedPence], ["Approved and paid", r.ApprovedPence], ["Balance", r.BalancePence]]),
            new ReportTable("Who was helped", [Text("measure", "Measure"), Count("count", "Number")],
                [["Payments approved", r.Payments], ["Children helped", r.Children], ["Families helped", r.Families]]),
            new ReportTable("Approved payments by district", [Text("district", "District"), Count("payments", "Payments"), Money("pence", "Amount")],
                [.. r.ByDistrict.Select(d => (IReadOnlyList<object?>)[d.District, d.Payments, d.Pence]), ["All districts", r.Payments, r.ApprovedPence]]) { LastRowIsTotal = true },
            new ReportTable("Approved payments by purpose", [Text("purpose", "Purpose"), Count("payments", "Payments"), Money("pence", "Amount")],
                [.. r.ByPurpose.Select(d => (IReadOnlyList<object?>)[d.Purpose, d.Payments, d.Pence]), ["All purposes", r.Payments, r.ApprovedPence]]) { LastRowIsTotal = true },
        ]);
    }

    private async Task<ReportSection> SpotPurchasesAsync(int year, CancellationToken cancellationToken)
    {
        var rows = await spotPurchases.YearAsync(year, cancellationToken);
        return new ReportSection("spot-purchases", "Spot purchases", "Spot purchases charged (the monthly invoices)",
        [
            new ReportTable("Return interviews bought by councils for their children placed outside the area",
                [Text("council", "Purchasing council"), Count("rhis", "Interviews charged"), Money("charged_pence", "Charged"), Count("unpriced", "Without a price set")],
                [.. rows.Select(r => (IReadOnlyList<object?>)[$"{r.Council} ({r.DfeNumber})", r.Rhis, r.ChargedPence, r.Unpriced]),
                 ["All councils", rows.Sum(r => r.Rhis), rows.Sum(r => r.ChargedPence), rows.Sum(r => r.Unpriced)]]) { LastRowIsTotal = true },
        ]);
    }

    private async Task<ReportSection> MentorsAsync(int year, CancellationToken cancellationToken)
    {
        // The mentor register's statuses as they stand (the register keeps no figures by year), and the matches of the year.
        var period = FinancialYear.Year(year);
        var byStatus = await db.Set<Mentor>().IgnoreQueryFilters().AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var matches = db.Set<MentorMatch>().IgnoreQueryFilters().AsNoTracking();
        var started = await matches.CountAsync(m => m.StartedOn >= period.Start && m.StartedOn < period.EndExclusive, cancellationToken);
        var ended = await matches.CountAsync(m => m.EndedOn >= period.Start && m.EndedOn < period.EndExclusive, cancellationToken);
        var ongoing = await matches.CountAsync(m => m.StartedOn < period.EndExclusive && (m.EndedOn == null || m.EndedOn >= period.Start), cancellationToken);
        return new ReportSection("mentors", "Mentors and volunteers", "The mentor register and matches (Mentoring)",
        [
            new ReportTable("Mentors by status, as the register stands", [Text("status", "Status"), Count("mentors", "Mentors")],
                [.. MentorStatus.All.Select(s => (IReadOnlyList<object?>)[s.Label, byStatus.GetValueOrDefault(s.Code)]), ["All mentors", byStatus.Values.Sum()]]) { LastRowIsTotal = true },
            new ReportTable("Matches of mentors to children in the year", [Text("measure", "Measure"), Count("matches", "Matches")],
                [["Matches started", started], ["Matches ended", ended], ["Matches running at any time in the year", ongoing]]),
        ]);
    }

    private async Task<ReportSection> OutcomesAsync(int year, CancellationToken cancellationToken)
    {
        var r = await outcomes.BuildAsync(year, cancellationToken);
        var names = (await frameworks.AllAsync(cancellationToken)).OrderBy(f => f.Key).SelectMany(f => f.Value.Areas)
            .GroupBy(a => a.Code).ToDictionary(g => g.Key, g => g.Last().Name);
        return new ReportSection("outcomes", "Outcomes", "The outcomes report (beacon report outcomes)",
        [
            new ReportTable("Progress and key-work closures, by district",
                [Text("area", "Area"), Count("children", "Children with two readings"), new("areas_improved_per_child", "Life areas improved per child", CellKind.Decimal),
                 Count("key_work_closures", "Key-work closures"), Count("closed_with_reduced_risk", "Closed with reduced risk"), Percent("reduced_risk_percent", "Reduced risk (%)")],
                [.. r.Summaries.Where(s => s.AreaKind is "district" or "whole").OrderBy(s => s.AreaKind == "whole")
                    .Select(s => (IReadOnlyList<object?>)[s.Area, s.Children, s.AreasImprovedPerChild, s.KeyWorkClosures, s.ClosedWithReducedRisk, s.ReducedRiskPercent])]) { LastRowIsTotal = true },
            new ReportTable("Life areas, the whole area",
                [Text("life_area", "Life area"), Count("children", "Children"), new("average_change", "Average change", CellKind.Decimal), Count("improved", "Improved"), Percent("improved_percent", "Improved (%)")],
                [.. r.Rows.Where(x => x.AreaKind == "whole").Select(x => (IReadOnlyList<object?>)[names.GetValueOrDefault(x.LifeArea, x.LifeArea), x.Children, x.AverageChange, x.Improved, x.ImprovedPercent])]),
        ]);
    }

    /// <summary>What the report's words and marks mean (the definitions sheet and the page's last section).</summary>
    public static readonly IReadOnlyList<(string Term, string Definition)> Definitions =
    [
        ("Contract year", "The UK financial year: 1 April to 31 March. Events count in the year of their UK date."),
        .. MissingMeasures.Select(m => (m, MissingReturn.Columns[MissingReturn.IndexOf(m)].Definition)),
        ("offered_within_72h_percent", "Of the notifications offered an interview, those offered within 72 hours of the interview's first return, as in the missing return."),
        .. MissingReturnByCohort.Definitions.Where(d => d.Name is "cohort" or "corporate_parent"),
        ("Exploitation referrals", "Referrals received in the year, by the district of the child's home, as in the exploitation return; direct work, consultation, other work and not yet decided add up to the referrals."),
        ("Budget and spend", "Each council's ring-fenced budget for the year and the spend lines recorded against it, in whole pence; the forecast is spend to date ÷ days elapsed × days in the year."),
        ("Hardship fund", "The pot for the year, payments requested or approved against it, and approved payments by district and purpose; children and families helped are counted once each."),
        ("Spot purchases", "Return interviews bought by a council for its own child placed outside the area, charged at the council's price for the financial year of the child's return; interviews closed as not offered are not charged."),
        ("Mentors", "Mentors and volunteers on the register by status as it stands when the report is run; matches started, ended and running in the year."),
        ("Outcomes", "Children with two readings of the outcome framework, life areas improved, and key-work closures with reduced risk, as in the outcomes report."),
        ("KPIs", KpisDefinition),
        (AnnualReport.SmallText, "Small-number suppression (published version only): a count from 1 to 4."),
        (AnnualReport.SecondaryText, "Small-number suppression (published version only): hidden so that a count shown as <5 cannot be worked out from a total, or a percentage of a row with a suppressed count."),
        ("–", "No figure: nothing to divide by, or not applicable."),
    ];

    /// <summary>The workbook: one sheet per section (its tables one under another) and a definitions sheet.</summary>
    public static byte[] ToXlsx(AnnualReport report) => XlsxWriting.Write(
    [
        .. report.Sections.Select(s => new XlsxSheet(SheetName(s.Title), [$"{s.Title}, {report.Label}{(report.Suppressed ? " (small numbers suppressed)" : string.Empty)}"], SheetRows(s))),
        new XlsxSheet("Definitions", ["Term", "Definition"], [.. report.Definitions.Select(d => (IReadOnlyList<object?>)[d.Term, d.Definition])]),
    ]);

    private static string SheetName(string title) => title.Length <= 31 ? title : title[..31];

    private static IEnumerable<IReadOnlyList<object?>> SheetRows(ReportSection section)
    {
        yield return [$"Source: {section.Source}"];
        if (section.Unavailable is { } why)
        {
            yield return [why];
        }

        foreach (var table in section.Tables)
        {
            yield return [];
            yield return [table.Caption];
            yield return [.. table.Columns.Select(c => c.Kind == CellKind.Money ? $"{c.Header} (£)" : c.Header)];
            for (var r = 0; r < table.Rows.Count; r++)
            {
                yield return [.. Enumerable.Range(0, table.Columns.Count).Select(c => table.Value(r, c, moneyInPounds: true))];
            }
        }
    }

    /// <summary>JSON: codes for columns, money in pence, suppressed cells as their text.</summary>
    public static string ToJson(AnnualReport report) => JsonSerializer.Serialize(new
    {
        financial_year = report.FinancialYear,
        year = report.Label,
        suppressed = report.Suppressed,
        sections = report.Sections.Select(s => new
        {
            id = s.Id,
            title = s.Title,
            source = s.Source,
            unavailable = s.Unavailable,
            tables = s.Tables.Select(t => new
            {
                caption = t.Caption,
                columns = t.Columns.Select(c => new { code = c.Code, label = c.Header, kind = c.Kind.ToString().ToLowerInvariant() }),
                rows = Enumerable.Range(0, t.Rows.Count).Select(r => Enumerable.Range(0, t.Columns.Count).Select(c => t.Value(r, c, moneyInPounds: false))),
            }),
        }),
        definitions = report.Definitions.Select(d => new { term = d.Term, definition = d.Definition }),
    }, new JsonSerializerOptions { WriteIndented = true });
}

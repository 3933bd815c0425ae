using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Domain.Exploitation;
using Beacon.Domain.Outcomes;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Outcomes;

/// <summary>One life area in one district, locality or the whole area (issue #19 §1, ADR 21).</summary>
public sealed record OutcomeRow(string Area, string AreaKind, string LifeArea, int Children, decimal? AverageFirst, decimal? AverageLatest, decimal? AverageChange, int Improved, decimal? ImprovedPercent);

/// <summary>Per district, locality or whole area: the children counted in at least one life area, the average number
/// of areas improved per child, and key-work closures in the year with how many closed at a lower risk level.</summary>
public sealed record OutcomeSummary(string Area, string AreaKind, int Children, decimal? AreasImprovedPerChild, int KeyWorkClosures, int ClosedWithReducedRisk, decimal? ReducedRiskPercent);

public sealed record OutcomeReportResult(int FinancialYear, IReadOnlyList<OutcomeRow> Rows, IReadOnlyList<OutcomeSummary> Summaries);

/// <summary>
/// The outcomes report (issue #19 §1): <c>beacon report outcomes --financial-year N</c> and the Reports page. The
/// definitions are <see cref="OutcomeMeasure"/>'s; this gathers the scores and closures (every child, as aggregate
/// figures) and groups them by the child's <em>current</em> host district, its locality and the whole area. A merged
/// record's readings count for the child it was merged into.
/// </summary>
public sealed class OutcomeReport(BeaconDbContext db, OutcomeFrameworks frameworks)
{
    public static readonly string[] CsvColumns = ["area", "area_kind", "life_area", "children", "average_first", "average_latest", "average_change", "improved", "improved_percent"];

    public const string WholeArea = "Whole area";

    /// <summary>What the report is computed from: the year's changes per child and life area, the key-work closures of the
    /// year, and each of those children's current host district (the KPIs, issue #18 §2, group the same facts by council).</summary>
    internal sealed record Facts(IReadOnlyList<AreaChange> Changes, IReadOnlyList<(Guid ChildId, LocalDate ClosedOn, RiskLevel Level, RiskLevel? ClosingLevel)> Closures, IReadOnlyDictionary<Guid, string> DistrictOf);

    internal async Task<Facts> GatherAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var year = FinancialYear.Year(financialYear);
        var end = year.EndExclusive;
        var scores = (await (
                from s in db.Set<OutcomeScore>().IgnoreQueryFilters().AsNoTracking()
                join r in db.Set<OutcomeReading>().IgnoreQueryFilters() on s.ReadingId equals r.Id
                join c in db.Children.IgnoreQueryFilters() on r.ChildId equals c.Id
                where s.Score != null && r.TakenOn < end
                select new { ChildId = c.MergedIntoId ?? c.Id, s.Area, r.TakenOn, Score = s.Score!.Value, r.FrameworkVersion })
            .ToListAsync(cancellationToken))
            .Select(s => new AreaScore(s.ChildId, s.Area, s.TakenOn, s.Score, s.FrameworkVersion));
        var changes = OutcomeMeasure.Changes(scores, year);
        var closures = await (
                from r in db.Referrals.IgnoreQueryFilters().AsNoTracking()
                join c in db.Children.IgnoreQueryFilters() on r.ChildId equals c.Id
                where r.Status == Referral.Closed && r.ClosedOn >= year.Start && r.ClosedOn < end
                select new { ChildId = c.MergedIntoId ?? c.Id, ClosedOn = r.ClosedOn!.Value, r.Level, r.ClosingLevel })
            .ToListAsync(cancellationToken);
        var childIds = changes.Select(c => c.ChildId).Concat(closures.Select(c => c.ChildId)).Distinct().ToList();
        var districtOf = new Dictionary<Guid, string>();
        foreach (var chunk in childIds.Chunk(500))
        {
            foreach (var c in await db.Children.IgnoreQueryFilters().AsNoTracking().Where(c => chunk.Contains(c.Id)).Select(c => new { c.Id, c.HostDistrictCode }).ToListAsync(cancellationToken))
            {
                districtOf[c.Id] = c.HostDistrictCode;
            }
        }

        return new Facts(changes, [.. closures.Select(c => (c.ChildId, c.ClosedOn, c.Level, c.ClosingLevel))], districtOf);
    }

    public async Task<OutcomeReportResult> BuildAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var (changes, closures, districtOf) = await GatherAsync(financialYear, cancellationToken);
        var areas = await db.Areas.AsNoTracking().ToListAsync(cancellationToken);
        var districts = areas.Where(a => a.Kind != "county").OrderBy(a => a.Name).ToList();
        var localityOf = districts.ToDictionary(a => a.GssCode, a => a.Locality ?? a.Name);
        var groups = new List<(string Name, string Kind, Func<string, bool> Includes)>();
        groups.AddRange(districts.Select(d => (d.Name, "district", (Func<string, bool>)(district => district == d.GssCode))));
        groups.AddRange(districts.Select(d => d.Locality ?? d.Name).Distinct().Order().Select(l => (l, "locality", (Func<string, bool>)(district => localityOf.GetValueOrDefault(district) == l))));
        groups.Add((WholeArea, "whole", _ => true));

        var framework = await frameworks.CurrentAsync(cancellationToken);
        var lifeAreas = framework.Areas.Select(a => a.Code).Concat(changes.Select(c => c.Area).Distinct().Order(StringComparer.Ordinal)).Distinct().ToList();
        var rows = new List<OutcomeRow>();
        var summaries = new List<OutcomeSummary>();
        foreach (var (name, kind, includes) in groups)
        {
            var inGroup = changes.Where(c => includes(districtOf[c.ChildId])).ToList();
            rows.AddRange(lifeAreas.Select(area => OutcomeMeasure.Figures(area, inGroup)).Select(f =>
                new OutcomeRow(name, kind, f.Area, f.Children, f.AverageFirst, f.AverageLatest, f.AverageChange, f.Improved, f.ImprovedPercent)));
            var closed = closures.Where(c => includes(districtOf[c.ChildId])).ToList();
            var reduced = closed.Count(c => OutcomeMeasure.ClosedWithReducedRisk(c.Level, c.ClosingLevel));
            summaries.Add(new OutcomeSummary(name, kind, inGroup.Select(c => c.ChildId).Distinct().Count(), OutcomeMeasure.AreasImprovedPerChild(inGroup),
                closed.Count, reduced, OutcomeMeasure.ReducedRiskPercent(closed.Count, reduced)));
        }

        return new OutcomeReportResult(financialYear, rows, summaries);
    }

    public static string ToCsv(OutcomeReportResult report)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", CsvColumns));
        foreach (var r in report.Rows)
        {
            text.AppendLine(CsvWriting.Row([r.Area, r.AreaKind, r.LifeArea, N(r.Children), D(r.AverageFirst, 2), D(r.AverageLatest, 2), D(r.AverageChange, 2), N(r.Improved), D(r.ImprovedPercent, 1)]));
        }

        return text.ToString();
    }

    public static string ToJson(OutcomeReportResult report) =>
        JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true });

    public static byte[] ToXlsx(OutcomeReportResult report) => XlsxWriting.Write(
    [
        new XlsxSheet("Life areas", CsvColumns, report.Rows.Select(r => (IReadOnlyList<object?>)[r.Area, r.AreaKind, r.LifeArea, r.Children, r.AverageFirst, r.AverageLatest, r.AverageChange, r.Improved, r.ImprovedPercent])),
        new XlsxSheet("Children and closures", ["area", "area_kind", "children", "areas_improved_per_child", "key_work_closures", "closed_with_reduced_risk", "reduced_risk_percent"],
            report.Summaries.Select(s => (IReadOnlyList<object?>)[s.Area, s.AreaKind, s.Children, s.AreasImprovedPerChild, s.KeyWorkClosures, s.ClosedWithReducedRisk, s.ReducedRiskPercent])),
    ]);

    public static string D(decimal? value, int places) => value is { } v ? Rounding.Format(v, places) : string.Empty;

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Domain.Outcomes;
using Beacon.Domain.Reporting;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Onward;

/// <summary>One kind of resource (or <see cref="OnwardReport.AllKinds"/>) in one district or the whole area.</summary>
public sealed record OnwardRow(string Area, string AreaKind, string Kind, int Referrals, int Started, decimal? MedianWaitDays, decimal? StartedPercent);

public sealed record OnwardReportResult(int FinancialYear, IReadOnlyList<OnwardRow> Rows);

/// <summary>
/// The onward referrals report (issue #19 §3): <c>beacon report onward-referrals --financial-year N</c> and the Reports
/// page. The definitions are <see cref="OnwardReferralRules"/>'s; this gathers every referral (aggregate figures only)
/// and groups it by its resource's kind and the child's <em>current</em> host district (as the outcomes report does),
/// and the whole area; a merged record's referrals count for the child it was merged into.
/// </summary>
public sealed class OnwardReport(BeaconDbContext db)
{
    public const string AllKinds = "ALL";

    public const string WholeArea = "Whole area";

    public static readonly string[] CsvColumns = ["area", "area_kind", "kind", "referrals", "started", "median_wait_days", "started_percent"];

    public async Task<OnwardReportResult> BuildAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var year = FinancialYear.Year(financialYear);
        var referrals = await (
                from r in db.Set<OnwardReferral>().IgnoreQueryFilters().AsNoTracking()
                join resource in db.Set<CommunityResource>() on r.ResourceId equals resource.Id
                join c in db.Children.IgnoreQueryFilters() on r.ChildId equals c.Id
                where r.MadeOn >= year.Start && r.MadeOn < year.EndExclusive
                select new { r.Id, resource.Kind, ChildId = c.MergedIntoId ?? c.Id, r.MadeOn })
            .ToListAsync(cancellationToken);
        var districtOf = new Dictionary<Guid, string>();
        foreach (var chunk in referrals.Select(r => r.ChildId).Distinct().Chunk(500))
        {
            foreach (var c in await db.Children.IgnoreQueryFilters().AsNoTracking().Where(c => chunk.Contains(c.Id)).Select(c => new { c.Id, c.HostDistrictCode }).ToListAsync(cancellationToken))
            {
                districtOf[c.Id] = c.HostDistrictCode;
            }
        }

        var ids = referrals.Select(r => r.Id).ToList();
        var started = new Dictionary<Guid, NodaTime.LocalDate>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var s in await db.Set<OnwardReferralStep>().IgnoreQueryFilters().AsNoTracking().Where(s => chunk.Contains(s.OnwardReferralId) && s.Status == OnwardReferralRules.Started)
                         .Select(s => new { s.OnwardReferralId, s.On }).ToListAsync(cancellationToken))
            {
                started[s.OnwardReferralId] = started.TryGetValue(s.OnwardReferralId, out var earlier) && earlier < s.On ? earlier : s.On;
            }
        }

        var facts = referrals.Select(r => new OnwardFacts(r.Kind, districtOf[r.ChildId], r.MadeOn, started.TryGetValue(r.Id, out var on) ? on : null)).ToList();
        var districts = await db.Areas.AsNoTracking().Where(a => a.Kind != "county").OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var groups = districts.Select(d => (d.Name, "district", (Func<string, bool>)(code => code == d.GssCode))).Append((WholeArea, "whole", _ => true));
        var kinds = Codes.ResourceKind.Keys.Append(AllKinds).ToList();
        var rows = new List<OnwardRow>();
        foreach (var (name, areaKind, includes) in groups)
        {
            var inArea = facts.Where(f => includes(f.District)).ToList();
            foreach (var kind in kinds)
            {
                var f = OnwardReferralRules.Figures(inArea.Where(x => kind == AllKinds || x.Kind == kind), year);
                rows.Add(new OnwardRow(name, areaKind, kind, f.Referrals, f.Started, f.MedianWaitDays, f.StartedPercent));
            }
        }

        return new OnwardReportResult(financialYear, rows);
    }

    public static string KindLabel(string kind) => kind == AllKinds ? "All kinds" : Codes.ResourceKind.GetValueOrDefault(kind, kind);

    public static string ToCsv(OnwardReportResult report)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", CsvColumns));
        foreach (var r in report.Rows)
        {
            text.AppendLine(CsvWriting.Row([r.Area, r.AreaKind, r.Kind, N(r.Referrals), N(r.Started), D(r.MedianWaitDays), D(r.StartedPercent)]));
        }

        return text.ToString();
    }

    public static string ToJson(OnwardReportResult report) =>
        JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true });

    /// <summary>The workbook shows labels (ADR 19); CSV and JSON keep codes.</summary>
    public static byte[] ToXlsx(OnwardReportResult report) => XlsxWriting.Write(
    [
        new XlsxSheet("Onward referrals", CsvColumns, report.Rows.Select(r => (IReadOnlyList<object?>)[r.Area, r.AreaKind, KindLabel(r.Kind), r.Referrals, r.Started, r.MedianWaitDays, r.StartedPercent])),
    ]);

    public static string D(decimal? value) => value is { } v ? Rounding.Format(v, 1) : string.Empty;

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}

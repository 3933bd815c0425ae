using System.Text;
using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.RepeatMissing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Reports;

/// <summary>One row of the missing return split by cohort and corporate parent: an area, a period, a living situation and
/// (for the two care cohorts) the DfE number of the council that is the child's corporate parent.</summary>
public sealed record CohortRow(string Area, string AreaKind, string Period, string Cohort, int? CorporateParent, int Notifications, int RhiOffered,
    int IndividualsReceivedRhi, int TotalRhi, int OfferedWithin72h, int ChildrenMeeting3)
{
    /// <summary>offered_within_72h ÷ rhi_offered × 100 (as in the main return), null when none was offered.</summary>
    public decimal? OfferedWithin72hPercent => RhiOffered == 0 ? null : Rounding.Percent(OfferedWithin72h, RhiOffered);

    /// <summary>total_rhi ÷ rhi_offered × 100 (as in the main return), null when none was offered.</summary>
    public decimal? CompletedOfOfferedPercent => RhiOffered == 0 ? null : Rounding.Percent(TotalRhi, RhiOffered);

    public string CorporateParentText => CorporateParent?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>
/// The missing return by cohort and corporate parent (issue #18 §1): the committee asked for the young people "for whom
/// Staffordshire was the Corporate Parent". Areas and periods exactly as <see cref="MissingReturn"/>; the cohort is the
/// episode's living situation (<c>HOME</c>, <c>LA_CARE</c>, <c>PLACED_BY_OTHER_LA</c>); the corporate parent the DfE number
/// of the episode's responsible council for the two care cohorts, blank at home. Each measure is counted as in the main
/// return restricted to the row's notifications, so notifications, rhi_offered and total_rhi of an area's cohort rows add
/// up to its main row; individuals_received_rhi counts a child once in each cohort it has a notification in. Counts only.
/// </summary>
public sealed class MissingReturnByCohort(BeaconDbContext db)
{
    public static readonly string[] Cohorts = ["HOME", "LA_CARE", "PLACED_BY_OTHER_LA"];

    public static readonly string[] Header =
        ["area", "area_kind", "quarter", "cohort", "corporate_parent", "notifications", "rhi_offered", "individuals_received_rhi", "total_rhi"];

    /// <summary>What each column counts (the page, the pack and the workbook show these).</summary>
    public static readonly IReadOnlyList<(string Name, string Definition)> Definitions =
    [
        ("area", "As in the main return: the district where the child lived at the episode, a locality or the whole area."),
        ("area_kind", "district, locality or total."),
        ("quarter", "As in the main return: the period of the UK date on which the service received the notification."),
        ("cohort", "The episode's living situation: HOME; LA_CARE (in the care of a council of the partnership); PLACED_BY_OTHER_LA (placed here by another council)."),
        ("corporate_parent", "The DfE number of the council responsible for the child (its corporate parent) for the two care cohorts; blank for HOME."),
        ("notifications", "Notifications in the row. The cohort rows of an area and period add up to its notifications in the main return."),
        ("rhi_offered", "Of the row's notifications, those whose interview was offered (as in the main return; adds up)."),
        ("individuals_received_rhi", "Different children with a notification in the row covered by a completed interview: a child missing from home and from care in one quarter counts once in each cohort (and once in the main return), so these do not add up."),
        ("total_rhi", "Of the row's notifications, those covered by a completed interview (as in the main return; adds up)."),
        ("offered_within_72h_percent", "Page and pack only: offered within 72 hours of the interview's first return, % of those offered, as in the main return."),
        ("completed_of_offered_percent", "Page and pack only: total_rhi ÷ rhi_offered × 100."),
        ("children_meeting_3", "Page and pack only: children whose repeat missing newly crossed 3 episodes in 90 days in the period, by the cohort of the episode that crossed it."),
    ];

    private static bool InTime(NodaTime.Instant? offered, NodaTime.Instant? returned, NodaTime.Instant? due) =>
        offered is { } at && (returned is null || at >= returned) && at <= due;

    private sealed record Note(string District, Guid ChildId, int Period, string Cohort, int? Parent, bool Offered, bool InTime, bool Completed);

    public async Task<IReadOnlyList<CohortRow>> BuildAsync(int financialYear, string period, CancellationToken cancellationToken = default)
    {
        var periods = MissingReturn.PeriodsOf(financialYear, period);
        var (start, end) = (periods[0].StartInstant, periods[^1].EndInstant);
        var parents = await db.Organisations.AsNoTracking().Where(o => o.DfeLaNumber != null).ToDictionaryAsync(o => o.Id, o => o.DfeLaNumber, cancellationToken);
        var read = await (
            from e in db.Set<Episode>().IgnoreQueryFilters().AsNoTracking()
            where e.NotifiedAt >= start && e.NotifiedAt < end
            join r in db.Set<ReturnInterview>().IgnoreQueryFilters() on e.ReturnInterviewId equals r.Id into rs
            from r in rs.DefaultIfEmpty()
            select new
            {
                e.HostDistrictCode,
                e.ChildId,
                e.NotifiedAt,
                e.LivingSituation,
                e.ResponsibleAuthorityId,
                e.ReturnedAt,
                OfferedAt = r == null ? null : r.OfferedAt,
                DueAt = r == null ? (NodaTime.Instant?)null : r.DueAt,
                Status = r == null ? (RhiStatus?)null : r.Status,
            })
            .ToListAsync(cancellationToken);
        int PeriodOf(NodaTime.Instant at) => periods.Select((p, i) => (p, i)).First(x => at < x.p.EndInstant).i;
        int? ParentOf(string cohort, Guid authority) => cohort == "HOME" ? null : parents.GetValueOrDefault(authority);

        // Offered in time exactly as the main return's statement: an offer made before this episode's return is never in time.
        var notes = read.Select(x => new Note(x.HostDistrictCode, x.ChildId, PeriodOf(x.NotifiedAt), x.LivingSituation, ParentOf(x.LivingSituation, x.ResponsibleAuthorityId),
            x.OfferedAt != null, InTime(x.OfferedAt, x.ReturnedAt, x.DueAt), x.Status == RhiStatus.Completed)).ToList();

        var firstDay = periods[0].Start;
        var lastDay = periods[^1].EndExclusive;
        var meetings = (await (
            from m in db.Set<InterventionMeeting>().IgnoreQueryFilters().AsNoTracking()
            where m.Level == 3 && m.CrossedOn >= firstDay && m.CrossedOn < lastDay
            join e in db.Set<Episode>().IgnoreQueryFilters() on m.TriggerEpisodeId equals e.Id
            select new { m.ChildId, m.CrossedOn, e.HostDistrictCode, e.LivingSituation, e.ResponsibleAuthorityId })
            .ToListAsync(cancellationToken))
            .Select(m => (m.ChildId, m.HostDistrictCode, Period: periods.Select((p, i) => (p, i)).First(x => x.p.Contains(m.CrossedOn)).i, Cohort: m.LivingSituation,
                Parent: ParentOf(m.LivingSituation, m.ResponsibleAuthorityId)))
            .ToList();

        var rows = new List<CohortRow>();
        foreach (var (name, kind, districts) in await AreaGroupsAsync(cancellationToken))
        {
            var inArea = notes.Where(n => districts.Contains(n.District)).ToList();
            var meetingsInArea = meetings.Where(m => districts.Contains(m.HostDistrictCode)).ToList();
            for (var i = 0; i < periods.Count; i++)
            {
                var keys = inArea.Where(n => n.Period == i).Select(n => (n.Cohort, n.Parent))
                    .Concat(meetingsInArea.Where(m => m.Period == i).Select(m => (m.Cohort, m.Parent)))
                    .Distinct().OrderBy(k => Array.IndexOf(Cohorts, k.Cohort)).ThenBy(k => k.Parent ?? 0);
                foreach (var (cohort, parent) in keys)
                {
                    var cell = inArea.Where(n => n.Period == i && n.Cohort == cohort && n.Parent == parent).ToList();
                    rows.Add(new CohortRow(name, kind, periods[i].Label, cohort, parent, cell.Count, cell.Count(n => n.Offered),
                        cell.Where(n => n.Completed).Select(n => n.ChildId).Distinct().Count(), cell.Count(n => n.Completed), cell.Count(n => n.InTime),
                        meetingsInArea.Where(m => m.Period == i && m.Cohort == cohort && m.Parent == parent).Select(m => m.ChildId).Distinct().Count()));
                }
            }
        }

        return rows;
    }

    /// <summary>The areas of the main return, in its order: each district, each locality and the whole area.</summary>
    private async Task<List<(string Name, string Kind, HashSet<string> Districts)>> AreaGroupsAsync(CancellationToken cancellationToken)
    {
        var districts = (await db.Areas.AsNoTracking().ToListAsync(cancellationToken)).Where(a => a.Kind != "county").OrderBy(a => a.Name).ToList();
        var groups = districts.Select(d => (d.Name, "district", new HashSet<string> { d.GssCode })).ToList();
        groups.AddRange(districts.Select(d => d.Locality ?? d.Name).Distinct().Order()
            .Select(l => (l, "locality", districts.Where(d => (d.Locality ?? d.Name) == l).Select(d => d.GssCode).ToHashSet())));
        groups.Add(("All areas", "total", districts.Select(d => d.GssCode).ToHashSet()));
        return groups;
    }

    private static IReadOnlyList<string> HeaderFor(string period) => [.. Header.Select(h => h == "quarter" && period != "quarterly" ? "period" : h)];

    private static object?[] Values(CohortRow r) =>
        [r.Area, r.AreaKind, r.Period, r.Cohort, r.CorporateParent, r.Notifications, r.RhiOffered, r.IndividualsReceivedRhi, r.TotalRhi];

    public static string ToCsv(IEnumerable<CohortRow> rows, string period = "quarterly")
    {
        var text = new StringBuilder().AppendLine(string.Join(",", HeaderFor(period)));
        foreach (var r in rows)
        {
            text.AppendLine(CsvWriting.Row([.. Values(r).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)]));
        }

        return text.ToString();
    }

    public static string ToJson(IEnumerable<CohortRow> rows, string period = "quarterly")
    {
        var header = HeaderFor(period);
        return JsonSerializer.Serialize(rows.Select(r => header.Zip(Values(r)).ToDictionary(x => x.First, x => x.Second)), new JsonSerializerOptions { WriteIndented = true });
    }

    public static byte[] ToXlsx(IEnumerable<CohortRow> rows, string period = "quarterly") => XlsxWriting.Write(
    [
        new XlsxSheet("By cohort", HeaderFor(period), rows.Select(r => (IReadOnlyList<object?>)Values(r))),
        new XlsxSheet("Definitions", ["column", "definition"], Definitions.Select(d => (IReadOnlyList<object?>)[d.Name, d.Definition])),
    ]);
}

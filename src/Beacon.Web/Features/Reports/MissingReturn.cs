using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Reports;

/// <summary>One line of the missing return: an area in a period.</summary>
public sealed record ReturnRow(
    string Area, string AreaKind, string Period,
    int Notifications, int RhiOffered, int IndividualsReceivedRhi, int TotalRhi,
    int NotificationsOwnChildren, int NotificationsOtherAuthorities, int OfferedWithin72Hours, int NotOffered, int Declined,
    int? NotificationsPreviousPeriod, int? NotificationsSamePeriodLastYear,
    int ChildrenMeeting3, int ChildrenMeeting5, int ChildrenMeeting9, decimal AverageEpisodesPerChild)
{
    /// <summary>The breakdowns after the headline columns, in <see cref="MissingReturn.BreakdownColumns"/> order.</summary>
    public IReadOnlyList<string> Breakdown { get; init; } = [];
}

/// <summary>
/// The missing return that commissioners and councillors scrutinise (issue #4 §2). Each notification is dated by when the
/// service received it, on the Europe/London calendar, and counted in the district where the child lived. For each
/// district, locality and the whole area, per period:
/// notifications; rhi_offered (those whose episode's RHI was offered); individuals_received_rhi (distinct children with at
/// least one of those notifications covered by a completed RHI); total_rhi (those notifications covered by a completed
/// RHI, whenever it was completed); the split between the area's own children and children placed by other
/// authorities; offers within 72 hours; not offered; declined; and the same count for the previous period and the same
/// period a year earlier; children whose repeat missing crossed 3, 5 or 9 episodes in the period (by the district of the
/// episode that crossed it); and the average number of episodes per child notified in the period.
/// Counts only: it reads every notification of the partnership, whoever asks.
/// </summary>
public sealed class MissingReturn(BeaconDbContext db)
{
    public static readonly string[] CsvColumns =
    [
        "area", "area_kind", "quarter", "notifications", "rhi_offered", "individuals_received_rhi", "total_rhi",
        "notifications_own_children", "notifications_other_authorities", "offered_within_72h", "not_offered", "declined",
        "notifications_previous_period", "notifications_same_period_last_year",
        "children_meeting_3", "children_meeting_5", "children_meeting_9", "average_episodes_per_child",
    ];

    private static readonly string[] NotOfferedReasons = ["RESPONSIBLE_AUTHORITY", "TURNED_18", "FOUND_OUT_OF_AREA", "DUPLICATE", "OTHER"];
    private static readonly string[] Decliners = ["CHILD", "PARENT_CARER", "RESPONSIBLE_AUTHORITY"];
    private static readonly string[] Methods = ["FACE_TO_FACE", "VIDEO", "PHONE"];
    private static readonly string[] Venues = ["HOME", "SCHOOL", "PLACEMENT", "OTHER"];
    private static readonly (string Name, int From, int To)[] AgeBands = [("under_13", 0, 12), ("13_15", 13, 15), ("16_17", 16, 17)];
    private static readonly string[] Genders = ["female", "male", "other"];

    /// <summary>Breakdowns per area and period (issue #4 §2): why no RHI was offered, who declined, offers within 72 hours
    /// and completions as percentages, method and venue of completed interviews, age band (at the episode) by gender, and
    /// the top three main reasons.</summary>
    public static readonly string[] BreakdownColumns =
    [
        .. NotOfferedReasons.Select(r => $"not_offered_{r.ToLowerInvariant()}"),
        .. Decliners.Select(d => $"declined_by_{d.ToLowerInvariant()}"),
        "offered_within_72h_percent", "completed_of_offered_percent",
        .. Methods.Select(m => $"method_{m.ToLowerInvariant()}"),
        .. Venues.Select(v => $"venue_{v.ToLowerInvariant()}"),
        .. AgeBands.SelectMany(a => Genders.Select(g => $"age_{a.Name}_{g}")),
        "top_primary_reasons",
    ];

    /// <summary>
    /// Every figure of one area in one period, gathered in one pass over its notifications. A district's tally is built
    /// from its rows; a locality's or the whole area's is the sum of its districts' (distinct children as set unions).
    /// </summary>
    private sealed class Tally
    {
        public int Notifications;
        public int Offered;
        public int InTime;
        public int Completed;
        public int NotOffered;
        public int Declined;
        public int Own;
        public readonly HashSet<Guid> Children = [];
        public readonly HashSet<Guid> CompletedChildren = [];
        public readonly int[] NotOfferedBy = new int[NotOfferedReasons.Length];
        public readonly int[] DeclinedBy = new int[Decliners.Length];
        public readonly int[] ByMethod = new int[Methods.Length];
        public readonly int[] ByVenue = new int[Venues.Length];
        public readonly int[] ByAgeGender = new int[AgeBands.Length * Genders.Length];
        public readonly Dictionary<string, int> Reasons = [];

        public void Add(Fact f, bool own)
        {
            Notifications++;
            Children.Add(f.ChildId);
            Own += own ? 1 : 0;
            Offered += f.Offered ? 1 : 0;
            InTime += f.InTime ? 1 : 0;
            if (f.NotOffered)
            {
                NotOffered++;
                Count(NotOfferedBy, NotOfferedReasons, f.NotOfferedReason);
            }

            if (f.Declined)
            {
                Declined++;
                Count(DeclinedBy, Decliners, f.DeclinedBy);
            }

            if (f.Completed)
            {
                Completed++;
                CompletedChildren.Add(f.ChildId);
                Count(ByMethod, Methods, f.Method);
                Count(ByVenue, Venues, f.Venue);
                if (f.PrimaryReason is { } reason)
                {
                    Reasons[reason] = Reasons.GetValueOrDefault(reason) + 1;
                }
            }

            var age = AgeOf(f);
            var band = Array.FindIndex(AgeBands, a => age >= a.From && age <= a.To);
            if (band >= 0)
            {
                var gender = f.Gender switch { "female" => 0, "male" => 1, _ => 2 };
                ByAgeGender[(band * Genders.Length) + gender]++;
            }
        }

        public void Add(Tally other)
        {
            (Notifications, Offered, InTime, Completed, NotOffered, Declined, Own) = (Notifications + other.Notifications, Offered + other.Offered,
                InTime + other.InTime, Completed + other.Completed, NotOffered + other.NotOffered, Declined + other.Declined, Own + other.Own);
            Children.UnionWith(other.Children);
            CompletedChildren.UnionWith(other.CompletedChildren);
            foreach (var (mine, theirs) in new[] { (NotOfferedBy, other.NotOfferedBy), (DeclinedBy, other.DeclinedBy), (ByMethod, other.ByMethod), (ByVenue, other.ByVenue), (ByAgeGender, other.ByAgeGender) })
            {
                for (var i = 0; i < mine.Length; i++)
                {
                    mine[i] += theirs[i];
                }
            }

            foreach (var (reason, count) in other.Reasons)
            {
                Reasons[reason] = Reasons.GetValueOrDefault(reason) + count;
            }
        }

        public IReadOnlyList<string> Breakdown()
        {
            static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
            static string Percent(int part, int whole) => whole == 0 ? string.Empty : Math.Round(100m * part / whole, 1).ToString("0.0", CultureInfo.InvariantCulture);
            return
            [
                .. NotOfferedBy.Select(N), .. DeclinedBy.Select(N),
                Percent(InTime, Offered), Percent(Completed, Offered),
                .. ByMethod.Select(N), .. ByVenue.Select(N), .. ByAgeGender.Select(N),
                string.Join("; ", Reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(3)
                    .Select(r => $"{RhiVocabulary.Label(RhiVocabulary.Reasons, r.Key)} ({r.Value})")),
            ];
        }

        private static void Count(int[] counts, string[] values, string? value)
        {
            var i = Array.IndexOf(values, value);
            if (i >= 0)
            {
                counts[i]++;
            }
        }
    }

    private static int AgeOf(Fact f) => ChildAge.YearsOn(f.DateOfBirth, ChildAge.DateOf(f.ReportedMissingAt));

    private sealed record Fact(string District, Guid ChildId, NodaTime.Instant NotifiedAt, Guid ResponsibleAuthorityId, bool Offered, bool InTime, bool Completed, bool NotOffered, bool Declined,
        NodaTime.Instant ReportedMissingAt, NodaTime.LocalDate DateOfBirth, string Gender, string? NotOfferedReason, string? DeclinedBy, string? Method, string? Venue, string? PrimaryReason);

    private sealed record DistrictPeriod(string District, int Period);

    /// <summary><c>e => new DistrictPeriod(e.HostDistrictCode, e.NotifiedAt &lt; p1 ? 0 : e.NotifiedAt &lt; p2 ? 1 : …)</c>, which
    /// the database evaluates as a CASE: the index of the period a notification falls in (callers filter to the range).</summary>
    private static System.Linq.Expressions.Expression<Func<Missing.Episode, DistrictPeriod>> PeriodIndex(IReadOnlyList<ReportingPeriod> periods)
    {
        var e = System.Linq.Expressions.Expression.Parameter(typeof(Missing.Episode), "e");
        var notified = System.Linq.Expressions.Expression.Property(e, nameof(Missing.Episode.NotifiedAt));
        System.Linq.Expressions.Expression index = System.Linq.Expressions.Expression.Constant(periods.Count - 1);
        for (var i = periods.Count - 2; i >= 0; i--)
        {
            index = System.Linq.Expressions.Expression.Condition(
                System.Linq.Expressions.Expression.LessThan(notified, System.Linq.Expressions.Expression.Constant(periods[i].EndInstant)), System.Linq.Expressions.Expression.Constant(i), index);
        }

        var body = System.Linq.Expressions.Expression.New(typeof(DistrictPeriod).GetConstructors()[0], System.Linq.Expressions.Expression.Property(e, nameof(Missing.Episode.HostDistrictCode)), index);
        return System.Linq.Expressions.Expression.Lambda<Func<Missing.Episode, DistrictPeriod>>(body, e);
    }

    /// <summary>Builds the return for a financial year: <paramref name="period"/> is quarterly, monthly or annual.</summary>
    public async Task<IReadOnlyList<ReturnRow>> BuildAsync(int financialYear, string period, CancellationToken cancellationToken = default)
    {
        var periods = PeriodsOf(financialYear, period);
        var lastYear = PeriodsOf(financialYear - 1, period);
        var rangeStart = periods[0].StartInstant;
        var rangeEnd = periods[^1].EndInstant;

        // Last year's periods are only counted (for the comparisons): one grouped count, not every row.
        var earlierCounts = new Dictionary<(string District, int Period), int>();
        var (earlierStart, earlierEnd) = (lastYear[0].StartInstant, lastYear[^1].EndInstant);
        foreach (var c in await db.Episodes.IgnoreQueryFilters().AsNoTracking().Where(e => e.NotifiedAt >= earlierStart && e.NotifiedAt < earlierEnd)
            .GroupBy(PeriodIndex(lastYear)).Select(g => new { g.Key.District, g.Key.Period, Count = g.Count() }).ToListAsync(cancellationToken))
        {
            earlierCounts[(c.District, c.Period)] = c.Count;
        }

        var facts = await (
            from e in db.Episodes.IgnoreQueryFilters().AsNoTracking()
            where e.NotifiedAt >= rangeStart && e.NotifiedAt < rangeEnd
            join r in db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking() on e.ReturnInterviewId equals r.Id into interviews
            from r in interviews.DefaultIfEmpty()
            select new Fact(
                e.HostDistrictCode, e.ChildId, e.NotifiedAt, e.ResponsibleAuthorityId,
                r != null && r.OfferedAt != null,
                r != null && r.OfferedAt != null && r.OfferedAt <= r.DueAt,
                r != null && r.Status == RhiStatus.Completed,
                r != null && r.Status == RhiStatus.NotOffered,
                r != null && r.Status == RhiStatus.Declined,
                e.ReportedMissingAt, e.DateOfBirth, e.Gender,
                r != null ? r.NotOfferedReason : null, r != null ? r.DeclinedBy : null, r != null ? r.Method : null, r != null ? r.Venue : null, r != null ? r.PrimaryReason : null))
            .ToListAsync(cancellationToken);

        // One pass: each notification into its district's tally for its period.
        var starts = periods.Select(p => p.StartInstant).ToArray();
        var areaRows = await db.Areas.AsNoTracking().ToListAsync(cancellationToken);
        var own = areaRows.Select(a => a.AuthorityId).ToHashSet();
        var tallies = new Dictionary<(string District, int Period), Tally>();
        foreach (var f in facts)
        {
            var key = (f.District, Array.FindLastIndex(starts, s => s <= f.NotifiedAt));
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new Tally();
            }

            tally.Add(f, own.Contains(f.ResponsibleAuthorityId));
        }

        var firstDay = periods[0].Start;
        var lastDay = periods[^1].EndExclusive;
        var meetings = await (
            from m in db.InterventionMeetings.IgnoreQueryFilters().AsNoTracking()
            where m.CrossedOn >= firstDay && m.CrossedOn < lastDay
            join e in db.Episodes.IgnoreQueryFilters() on m.TriggerEpisodeId equals e.Id
            select new { m.ChildId, m.Level, m.CrossedOn, District = e.HostDistrictCode })
            .ToListAsync(cancellationToken);

        var districts = areaRows.Where(a => a.Kind != "county").OrderBy(a => a.Name).ToList();
        var localityOf = districts.ToDictionary(a => a.GssCode, a => a.Locality ?? a.Name);
        var groups = new List<(string Name, string Kind, Func<string, bool> Includes)>();
        groups.AddRange(districts.Select(d => (d.Name, "district", (Func<string, bool>)(district => district == d.GssCode))));
        groups.AddRange(districts.Select(d => d.Locality ?? d.Name).Distinct().Order().Select(l => (l, "locality", (Func<string, bool>)(district => localityOf.GetValueOrDefault(district) == l))));
        groups.Add(("All areas", "total", _ => true));

        var rows = new List<ReturnRow>();
        foreach (var (name, kind, includes) in groups)
        {
            var inDistricts = districts.Select(d => d.GssCode).Where(includes).ToList();
            var meetingsInArea = meetings.Where(m => includes(m.District)).ToList();
            int EarlierCount(int index) => inDistricts.Sum(d => earlierCounts.GetValueOrDefault((d, index)));
            var inPeriods = Enumerable.Range(0, periods.Count).Select(i =>
            {
                var tally = new Tally();
                foreach (var d in inDistricts.Where(d => tallies.ContainsKey((d, i))))
                {
                    tally.Add(tallies[(d, i)]);
                }

                return tally;
            }).ToList();
            for (var i = 0; i < periods.Count; i++)
            {
                var p = periods[i];
                var t = inPeriods[i];
                int? previous = period == "annual" ? null : i > 0 ? inPeriods[i - 1].Notifications : EarlierCount(lastYear.Count - 1);
                int Meetings(int level) => meetingsInArea.Where(m => m.Level == level && p.Contains(m.CrossedOn)).Select(m => m.ChildId).Distinct().Count();
                rows.Add(new ReturnRow(
                    name, kind, p.Label,
                    t.Notifications, t.Offered, t.CompletedChildren.Count, t.Completed,
                    t.Own, t.Notifications - t.Own, t.InTime, t.NotOffered, t.Declined,
                    previous,
                    EarlierCount(i),
                    Meetings(3),
                    Meetings(5),
                    Meetings(9),
                    t.Children.Count == 0 ? 0 : Math.Round((decimal)t.Notifications / t.Children.Count, 2))
                {
                    Breakdown = t.Breakdown(),
                });
            }
        }

        return rows;
    }

    public static IReadOnlyList<ReportingPeriod> PeriodsOf(int financialYear, string period) => period switch
    {
        "monthly" => FinancialYear.Months(financialYear),
        "annual" => [FinancialYear.Year(financialYear)],
        "quarterly" => FinancialYear.Quarters(financialYear),
        _ => throw new ArgumentException("The period must be quarterly, monthly or annual.", nameof(period)),
    };

    /// <summary>CSV with the columns first; the third is named <c>quarter</c> for the quarterly return and
    /// <c>period</c> for monthly and annual ones.</summary>
    public static string ToCsv(IEnumerable<ReturnRow> rows, string period = "quarterly")
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", CsvColumns.Select(c => c == "quarter" && period != "quarterly" ? "period" : c).Concat(BreakdownColumns)));
        foreach (var r in rows)
        {
            text.AppendLine(CsvWriting.Row([
                r.Area, r.AreaKind, r.Period, N(r.Notifications), N(r.RhiOffered), N(r.IndividualsReceivedRhi), N(r.TotalRhi),
                N(r.NotificationsOwnChildren), N(r.NotificationsOtherAuthorities), N(r.OfferedWithin72Hours), N(r.NotOffered), N(r.Declined),
                r.NotificationsPreviousPeriod is { } p ? N(p) : string.Empty, N(r.NotificationsSamePeriodLastYear ?? 0),
                N(r.ChildrenMeeting3), N(r.ChildrenMeeting5), N(r.ChildrenMeeting9), r.AverageEpisodesPerChild.ToString("0.00", CultureInfo.InvariantCulture), .. r.Breakdown]));
        }

        return text.ToString();
    }

    public static byte[] ToXlsx(IEnumerable<ReturnRow> rows, string period = "quarterly") =>
        XlsxWriting.Write($"Missing {period}", [.. CsvColumns.Select(c => c == "quarter" && period != "quarterly" ? "period" : c), .. BreakdownColumns], rows.Select(r => (IReadOnlyList<object?>)
        [
            r.Area, r.AreaKind, r.Period, r.Notifications, r.RhiOffered, r.IndividualsReceivedRhi, r.TotalRhi, r.NotificationsOwnChildren, r.NotificationsOtherAuthorities,
            r.OfferedWithin72Hours, r.NotOffered, r.Declined, r.NotificationsPreviousPeriod, r.NotificationsSamePeriodLastYear, r.ChildrenMeeting3, r.ChildrenMeeting5,
            r.ChildrenMeeting9, r.AverageEpisodesPerChild,
            .. r.Breakdown.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? (object)i
                : decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : v),
        ]));

    public static string ToJson(IEnumerable<ReturnRow> rows) =>
        JsonSerializer.Serialize(rows, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true });

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}

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
/// authorities; offers within 72 hours (an episode that returned after its RHI was offered, covered by that earlier offer
/// by a practitioner's recorded decision, is offered but not within 72 hours, and counted in covered_by_earlier_offer);
/// not offered; declined; and the same count for the previous period and the same
/// period a year earlier; children whose repeat missing crossed 3, 5 or 9 episodes in the period (by the district of the
/// episode that crossed it); and the average number of episodes per child notified in the period.
/// Counts only: it reads every notification of the partnership, whoever asks.
/// </summary>
public sealed class MissingReturn(BeaconDbContext db, IServiceScopeFactory? scopes = null)
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
        "offered_within_72h_percent", "completed_of_offered_percent", "covered_by_earlier_offer",
        .. Methods.Select(m => $"method_{m.ToLowerInvariant()}"),
        .. Venues.Select(v => $"venue_{v.ToLowerInvariant()}"),
        .. AgeBands.SelectMany(a => Genders.Select(g => $"age_{a.Name}_{g}")),
        "top_primary_reasons",
    ];

    /// <summary>
    /// Every count of one area in one period, gathered in one pass over its notifications. A district's tally is built
    /// from its rows; a locality's or the whole area's is the sum of its districts'. Distinct children are counted apart,
    /// by <see cref="DistinctChildren"/>, as they cannot be summed.
    /// </summary>
    private sealed class Tally
    {
        public int Notifications;
        public int Offered;
        public int InTime;
        public int EarlierOffer;
        public int Completed;
        public int NotOffered;
        public int Declined;
        public int Own;
        public readonly int[] NotOfferedBy = new int[NotOfferedReasons.Length];
        public readonly int[] DeclinedBy = new int[Decliners.Length];
        public readonly int[] ByMethod = new int[Methods.Length];
        public readonly int[] ByVenue = new int[Venues.Length];
        public readonly int[] ByAgeGender = new int[AgeBands.Length * Genders.Length];
        public readonly Dictionary<string, int> Reasons = [];

        public void Add(in Fact f)
        {
            Notifications++;
            Own += f.OwnChild ? 1 : 0;
            Offered += f.Offered ? 1 : 0;
            InTime += f.InTime ? 1 : 0;
            EarlierOffer += f.EarlierOffer ? 1 : 0;
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
                Count(ByMethod, Methods, f.Method);
                Count(ByVenue, Venues, f.Venue);
                if (f.PrimaryReason is { } reason)
                {
                    Reasons[reason] = Reasons.GetValueOrDefault(reason) + 1;
                }
            }

            var band = BandOf(AgeOf(f));
            if (band >= 0)
            {
                ByAgeGender[(band * Genders.Length) + f.Gender]++;
            }
        }

        public void Add(Tally other)
        {
            (Notifications, Offered, InTime, Completed, NotOffered, Declined, Own, EarlierOffer) = (Notifications + other.Notifications, Offered + other.Offered,
                InTime + other.InTime, Completed + other.Completed, NotOffered + other.NotOffered, Declined + other.Declined, Own + other.Own, EarlierOffer + other.EarlierOffer);
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
                Percent(InTime, Offered), Percent(Completed, Offered), N(EarlierOffer),
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

    /// <summary>
    /// Distinct children per area and period (for individuals_received_rhi and the average episodes per child), counted
    /// as the notifications are read: each notification marks its child in every area its district belongs to (the
    /// district, its locality, the whole area), so a child notified in two districts of a locality counts once there.
    /// One dictionary lookup per notification and a bit per area, instead of a set per area merged afterwards.
    /// </summary>
    private sealed class DistinctChildren(int areas, int periods)
    {
        /// <summary>Per period, each child's row in <see cref="marks"/>: a bit per area for "seen", then one for "completed".</summary>
        private readonly Dictionary<Guid, int>[] rowOf = [.. Enumerable.Range(0, periods).Select(_ => new Dictionary<Guid, int>())];
        private readonly int words = (areas + 63) / 64;
        private ulong[] marks = new ulong[4096];
        private int used;

        public int[] Children { get; } = new int[areas * periods];

        public int[] CompletedChildren { get; } = new int[areas * periods];

        public static int Slot(int area, int period, int areas) => (period * areas) + area;

        public void Note(Guid child, int period, int[] areasOfDistrict, bool isCompleted)
        {
            ref var row = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(rowOf[period], child, out var exists);
            if (!exists)
            {
                row = used;
                used += 2 * words;
                if (used > marks.Length)
                {
                    Array.Resize(ref marks, Math.Max(marks.Length * 2, used));
                }
            }

            foreach (var area in areasOfDistrict)
            {
                var (seen, done, bit) = (row + (area >> 6), row + words + (area >> 6), 1UL << (area & 63));
                var slot = Slot(area, period, areas);
                if ((marks[seen] & bit) == 0)
                {
                    marks[seen] |= bit;
                    Children[slot]++;
                }

                if (isCompleted && (marks[done] & bit) == 0)
                {
                    marks[done] |= bit;
                    CompletedChildren[slot]++;
                }
            }
        }
    }

    private static int BandOf(int age)
    {
        for (var i = 0; i < AgeBands.Length; i++)
        {
            if (age >= AgeBands[i].From && age <= AgeBands[i].To)
            {
                return i;
            }
        }

        return -1;
    }

    private static int AgeOf(in Fact f) => ChildAge.YearsOn(f.DateOfBirth, ChildAge.DateOf(f.ReportedMissingAt));

    /// <summary>One notification as the return needs it (its district and period are passed beside it). Gender is the
    /// index in <see cref="Genders"/>.</summary>
    private readonly record struct Fact(Guid ChildId, bool OwnChild, RhiStatus? Status, bool Offered, bool InTime, bool EarlierOffer,
        NodaTime.Instant ReportedMissingAt, NodaTime.LocalDate DateOfBirth, int Gender, string? NotOfferedReason, string? DeclinedBy, string? Method, string? Venue, string? PrimaryReason)
    {
        public bool Completed => Status == RhiStatus.Completed;

        public bool NotOffered => Status == RhiStatus.NotOffered;

        public bool Declined => Status == RhiStatus.Declined;
    }

    /// <summary>
    /// The notifications received in <paramref name="periods"/>, with their interviews, tallied by district and period as
    /// they are read (ADR 14). One SQL statement, the same on both databases, read column by column: for a year's
    /// 200,000 notifications, materialising them as objects first cost more than the query itself (issue #4's
    /// benchmark). The database works out the period from the London-calendar boundaries, passed as instants as the
    /// benchmark's bare query does, and packs it with the child's gender and the interview's state into one number:
    /// period × 10000 + gender × 1000 + own child × 100 + status × 10 + offer (0 none, 1 late, 2 in time, 3 covered by an
    /// offer made before this episode's return: offered, not within 72 hours of it — issue #22 §2).
    /// </summary>
    private static async Task<Dictionary<string, Tally[]>> TallyAsync(BeaconDbContext db, IReadOnlyList<ReportingPeriod> periods, Dictionary<string, int[]> areasOfDistrict, DistinctChildren distinct, CancellationToken cancellationToken)
    {
        var byDistrict = new Dictionary<string, (Tally[] ByPeriod, int[] Areas)>();
        var periodCase = new StringBuilder(periods.Count == 1 ? "0" : "CASE");
        for (var i = 0; i < periods.Count - 1; i++)
        {
            periodCase.Append(CultureInfo.InvariantCulture, $" WHEN e.notified_at < @b{i + 1} THEN {i}");
        }

        periodCase.Append(periods.Count == 1 ? string.Empty : $" ELSE {periods.Count - 1} END");
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT e.host_district_code, e.child_id, e.reported_missing_at, e.date_of_birth,
                       ({periodCase}) * 10000
                       + CASE e.gender WHEN 'female' THEN 0 WHEN 'male' THEN 1000 ELSE 2000 END
                       + CASE WHEN e.responsible_authority_id IN (SELECT a.authority_id FROM areas a) THEN 100 ELSE 0 END
                       + COALESCE(r.status, 0) * 10
                       + CASE WHEN r.offered_at IS NULL THEN 0 WHEN r.offered_at < e.returned_at THEN 3 WHEN r.offered_at <= r.due_at THEN 2 ELSE 1 END,
                       CASE r.status WHEN {(int)RhiStatus.NotOffered} THEN r.not_offered_reason WHEN {(int)RhiStatus.Declined} THEN r.declined_by END,
                       CASE WHEN r.status = {(int)RhiStatus.Completed} THEN r.method END,
                       CASE WHEN r.status = {(int)RhiStatus.Completed} THEN r.venue END,
                       CASE WHEN r.status = {(int)RhiStatus.Completed} THEN r.primary_reason END
                FROM episodes e LEFT JOIN return_interviews r ON r.id = e.return_interview_id
                WHERE e.notified_at >= @b0 AND e.notified_at < @b{periods.Count}
                """;
            var bounds = periods.Select(p => p.StartInstant).Append(periods[^1].EndInstant).ToList();
            for (var i = 0; i < bounds.Count; i++)
            {
                AddParameter(command, "@b" + i, bounds[i].ToDateTimeUtc());
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

            // Cancellation is checked every few thousand rows rather than passed to each read, which costs a lock per read.
            for (var row = 0; await reader.ReadAsync(CancellationToken.None); row++)
            {
                if ((row & 4095) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var packed = reader.GetInt32(4);
                var status = (packed / 10 % 10) is var s and > 0 ? (RhiStatus?)s : null;
                var outcomeReason = Text(5);
                var district = reader.GetString(0);
                if (!byDistrict.TryGetValue(district, out var of))
                {
                    byDistrict[district] = of = ([.. periods.Select(_ => new Tally())], areasOfDistrict.GetValueOrDefault(district, []));
                }

                var index = packed / 10000;
                var fact = new Fact(
                        reader.GetGuid(1),
                        packed / 100 % 10 == 1,
                        status,
                        packed % 10 > 0,
                        packed % 10 == 2,
                        packed % 10 == 3,
                        NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)),
                        NodaTime.LocalDate.FromDateTime(reader.GetDateTime(3)),
                        packed / 1000 % 10,
                        status == RhiStatus.NotOffered ? outcomeReason : null,
                        status == RhiStatus.Declined ? outcomeReason : null,
                        Text(6),
                        Text(7),
                        Text(8));
                of.ByPeriod[index].Add(fact);
                distinct.Note(fact.ChildId, index, of.Areas, fact.Completed);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return byDistrict.ToDictionary(d => d.Key, d => d.Value.ByPeriod);
    }

    /// <summary>A parameter for a hand-written statement (the return's and the benchmark's).</summary>
    internal static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

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

        // Last year's periods are only counted, for the comparisons (one grouped count, not every row): on a connection of
        // its own alongside the year's notifications when there is a scope factory (the app, the CLI); without one (a
        // test building the report by hand) first.
        Task<T> Start<T>(Func<BeaconDbContext, Task<T>> work) => scopes is null ? work(db) : Task.Run(
            async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                return await work(scope.ServiceProvider.GetRequiredService<BeaconDbContext>());
            },
            cancellationToken);

        var earlierTask = Start(context => CountEarlierAsync(context, lastYear, cancellationToken));
        if (scopes is null)
        {
            await earlierTask;
        }

        // The areas reported on: each district, each locality (of its districts) and the whole area.
        var areaRows = await db.Areas.AsNoTracking().ToListAsync(cancellationToken);
        var districts = areaRows.Where(a => a.Kind != "county").OrderBy(a => a.Name).ToList();
        var localities = districts.Select(d => d.Locality ?? d.Name).Distinct().Order().ToList();
        var groups = new List<(string Name, string Kind, List<string> Districts)>();
        groups.AddRange(districts.Select(d => (d.Name, "district", new List<string> { d.GssCode })));
        groups.AddRange(localities.Select(l => (l, "locality", districts.Where(d => (d.Locality ?? d.Name) == l).Select(d => d.GssCode).ToList())));
        groups.Add(("All areas", "total", districts.Select(d => d.GssCode).ToList()));
        var areasOfDistrict = districts.ToDictionary(d => d.GssCode, d => groups.Select((g, i) => (g, i)).Where(x => x.g.Districts.Contains(d.GssCode)).Select(x => x.i).ToArray());

        var distinct = new DistinctChildren(groups.Count, periods.Count);
        var tallies = await TallyAsync(db, periods, areasOfDistrict, distinct, cancellationToken);
        var earlierCounts = await earlierTask;

        var firstDay = periods[0].Start;
        var lastDay = periods[^1].EndExclusive;
        var meetings = await (
            from m in db.InterventionMeetings.IgnoreQueryFilters().AsNoTracking()
            where m.CrossedOn >= firstDay && m.CrossedOn < lastDay
            join e in db.Episodes.IgnoreQueryFilters() on m.TriggerEpisodeId equals e.Id
            select new { m.ChildId, m.Level, m.CrossedOn, District = e.HostDistrictCode })
            .ToListAsync(cancellationToken);

        var rows = new List<ReturnRow>();
        for (var g = 0; g < groups.Count; g++)
        {
            var (name, kind, inDistricts) = groups[g];
            var meetingsInArea = meetings.Where(m => inDistricts.Contains(m.District)).ToList();
            int EarlierCount(int index) => inDistricts.Sum(d => earlierCounts.GetValueOrDefault((d, index)));
            var inPeriods = Enumerable.Range(0, periods.Count).Select(i =>
            {
                var tally = new Tally();
                foreach (var d in inDistricts.Where(tallies.ContainsKey))
                {
                    tally.Add(tallies[d][i]);
                }

                return tally;
            }).ToList();
            for (var i = 0; i < periods.Count; i++)
            {
                var p = periods[i];
                var t = inPeriods[i];
                var slot = DistinctChildren.Slot(g, i, groups.Count);
                var children = distinct.Children[slot];
                int? previous = period == "annual" ? null : i > 0 ? inPeriods[i - 1].Notifications : EarlierCount(lastYear.Count - 1);
                int Meetings(int level) => meetingsInArea.Where(m => m.Level == level && p.Contains(m.CrossedOn)).Select(m => m.ChildId).Distinct().Count();
                rows.Add(new ReturnRow(
                    name, kind, p.Label,
                    t.Notifications, t.Offered, distinct.CompletedChildren[slot], t.Completed,
                    t.Own, t.Notifications - t.Own, t.InTime, t.NotOffered, t.Declined,
                    previous,
                    EarlierCount(i),
                    Meetings(3),
                    Meetings(5),
                    Meetings(9),
                    children == 0 ? 0 : Math.Round((decimal)t.Notifications / children, 2))
                {
                    Breakdown = t.Breakdown(),
                });
            }
        }

        return rows;
    }

    private static async Task<Dictionary<(string District, int Period), int>> CountEarlierAsync(BeaconDbContext context, IReadOnlyList<ReportingPeriod> periods, CancellationToken cancellationToken)
    {
        var (start, end) = (periods[0].StartInstant, periods[^1].EndInstant);
        return await context.Episodes.IgnoreQueryFilters().AsNoTracking().Where(e => e.NotifiedAt >= start && e.NotifiedAt < end)
            .GroupBy(PeriodIndex(periods)).Select(g => new { g.Key.District, g.Key.Period, Count = g.Count() })
            .ToDictionaryAsync(c => (c.District, c.Period), c => c.Count, cancellationToken);
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

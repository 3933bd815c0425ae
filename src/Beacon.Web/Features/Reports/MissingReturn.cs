using Beacon.Domain.Vocabulary;
using System.Globalization;
using System.Text;
using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Features.RepeatMissing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Reports;

/// <summary>One line of the missing return: an area in a period, a value for each of <see cref="MissingReturn.Columns"/>
/// (a whole number, a rounded decimal, text, or null for a figure that has no denominator).</summary>
public sealed record ReturnRow(IReadOnlyList<object?> Values)
{
    public string Area => (string)this["area"]!;

    public string AreaKind => (string)this["area_kind"]!;

    public string Period => (string)this["quarter"]!;

    public int Notifications => Int("notifications");

    public int RhiOffered => Int("rhi_offered");

    public int IndividualsReceivedRhi => Int("individuals_received_rhi");

    public int TotalRhi => Int("total_rhi");

    public int NotOffered => Int("not_offered");

    public int AwaitingDecision => Int("awaiting_decision");

    public object? this[string column] => Values[MissingReturn.IndexOf(column)];

    /// <summary>A value as published (CSV, page, pack): see <see cref="ReturnColumn.Format"/>.</summary>
    public string Text(string column) => MissingReturn.Columns[MissingReturn.IndexOf(column)].Format(this[column]);

    private int Int(string column) => (int)this[column]!;
}

/// <summary>
/// The missing return that commissioners and councillors scrutinise (issues #4 §2 and #23). Each notification is dated by
/// when the service received it, on the Europe/London calendar, and counted in the district where the child lived; for
/// each district, locality and the whole area, per period, every column of <see cref="Columns"/> — each declared once, with
/// its definition, beside the code that computes it (MissingReturnColumns.cs). Counts only: it reads every notification
/// of the partnership, whoever asks.
/// </summary>
public sealed partial class MissingReturn(BeaconDbContext db, IServiceScopeFactory? scopes = null, IOptions<RepeatMissingOptions>? repeatMissing = null)
{
    /// <summary>
    /// Counts of one area in one period, gathered in one pass over its notifications. A district's tally is built from its
    /// rows; a locality's or the whole area's is the sum of its districts'. Distinct children and distinct interviews are
    /// counted apart, by <see cref="AreaMarks"/>, as they cannot be summed. Each notification is in exactly one of
    /// offered, not offered and awaiting a decision.
    /// </summary>
    internal sealed class Tally
    {
        public int Notifications;
        public int Offered;
        public int InTime;
        public int InTimeOwnReturn;
        public int EarlierOffer;
        public int Completed;
        public int NotOffered;
        public int Awaiting;
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
            if (f.Offered)
            {
                Offered++;
                InTime += f.InTime ? 1 : 0;
                InTimeOwnReturn += f.InTimeOwnReturn ? 1 : 0;
                EarlierOffer += f.EarlierOffer ? 1 : 0;
            }
            else if (f.Status == RhiStatus.NotOffered)
            {
                NotOffered++;
                Count(NotOfferedBy, NotOfferedReasons, f.NotOfferedReason);
            }
            else
            {
                Awaiting++;
            }

            if (f.Declined)
            {
                Declined++;
                Count(DeclinedBy, Decliners, f.DeclinedBy);
            }

            if (f.Completed)
            {
                AddCompleted(f);
            }

            if (f.Cell >= 0)
            {
                ByAgeGender[f.Cell]++;
            }
        }

        /// <summary>A completed interview's method, venue and main reason (per notification here; per interview when the
        /// tally is of distinct interviews).</summary>
        public void AddCompleted(in Fact f)
        {
            Completed++;
            Count(ByMethod, Methods, f.Method);
            Count(ByVenue, Venues, f.Venue);
            if (f.PrimaryReason is { } reason)
            {
                Reasons[reason] = Reasons.GetValueOrDefault(reason) + 1;
            }
        }

        public void Add(Tally other)
        {
            (Notifications, Offered, InTime, InTimeOwnReturn, Completed, NotOffered, Awaiting, Declined, Own) = (Notifications + other.Notifications, Offered + other.Offered,
                InTime + other.InTime, InTimeOwnReturn + other.InTimeOwnReturn, Completed + other.Completed, NotOffered + other.NotOffered, Awaiting + other.Awaiting,
                Declined + other.Declined, Own + other.Own);
            EarlierOffer += other.EarlierOffer;
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

        public string TopReasons() =>
            string.Join("; ", Reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(3)
                .Select(r => $"{Codes.Reason.Label(r.Key)} ({r.Value})"));

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
    /// Marks per item (a child, an interview) and period, one bit per area (district, locality, whole area) and flag, so
    /// an item met in two districts of a locality counts once there: one dictionary lookup per notification, instead of a
    /// set per area merged afterwards. Each (item, period) gets a row, with the earliest instant and a cell noted on it.
    /// </summary>
    internal sealed class AreaMarks(int areas, int periods, int flags)
    {
        private readonly Dictionary<Guid, int> items = [];
        private readonly int words = (areas + 63) / 64;
        private int[] rowOf = new int[1024 * periods]; // item × periods + period → row + 1
        private ulong[] bits = new ulong[4096];

        public int Rows { get; private set; }

        public int[] ItemOf { get; private set; } = new int[1024];

        public int[] PeriodOf { get; private set; } = new int[1024];

        public long[] Earliest { get; private set; } = new long[1024];

        public int[] Cell { get; private set; } = new int[1024];

        public int Items => items.Count;

        public int IndexOf(Guid item) => items.GetValueOrDefault(item, -1);

        /// <summary>The row of <paramref name="item"/> in <paramref name="period"/>; <paramref name="isNew"/> when just made.</summary>
        public int Row(Guid item, int period, out bool isNew)
        {
            ref var index = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(items, item, out var exists);
            if (!exists)
            {
                index = items.Count - 1;
            }

            var slot = (index * periods) + period;
            if (slot >= rowOf.Length)
            {
                var grown = rowOf;
                Array.Resize(ref grown, Math.Max(rowOf.Length * 2, slot + periods));
                rowOf = grown;
            }

            isNew = rowOf[slot] == 0;
            if (isNew)
            {
                rowOf[slot] = ++Rows;
                if (Rows * flags * words > bits.Length)
                {
                    var grown = bits;
                    Array.Resize(ref grown, Math.Max(bits.Length * 2, Rows * flags * words));
                    bits = grown;
                }

                if (Rows > ItemOf.Length)
                {
                    var size = ItemOf.Length * 2;
                    (ItemOf, PeriodOf, Earliest, Cell) = (Grow(ItemOf, size), Grow(PeriodOf, size), Grow(Earliest, size), Grow(Cell, size));
                }

                (ItemOf[Rows - 1], PeriodOf[Rows - 1]) = (index, period);
            }

            return rowOf[slot] - 1;
        }

        /// <summary>Sets the flag of an area on a row; true when it was not set.</summary>
        public bool Mark(int row, int flag, int area)
        {
            ref var word = ref bits[(((row * flags) + flag) * words) + (area >> 6)];
            var bit = 1UL << (area & 63);
            if ((word & bit) != 0)
            {
                return false;
            }

            word |= bit;
            return true;
        }

        /// <summary>The areas whose flag is set on a row.</summary>
        public IEnumerable<int> AreasOf(int row, int flag)
        {
            for (var w = 0; w < words; w++)
            {
                var word = bits[(((row * flags) + flag) * words) + w];
                while (word != 0)
                {
                    yield return (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                }
            }
        }

        private static T[] Grow<T>(T[] array, int size)
        {
            Array.Resize(ref array, size);
            return array;
        }
    }

    /// <summary>Everything counted per area and period that cannot be summed from districts: distinct children (notified,
    /// with a completed interview, by age band and gender, at or above a repeat-missing threshold) and distinct completed
    /// interviews.</summary>
    internal sealed class Distinct(int areas, int periods)
    {
        public AreaMarks Children { get; } = new(areas, periods, 2);

        public AreaMarks Interviews { get; } = new(areas, periods, 1);

        /// <summary>Each notification's child and London start day, packed (child index × 2³² + day), for the repeat-missing
        /// reach; notifications received before the year are added from the lookback.</summary>
        public List<long> Starts { get; } = [];

        public int[] Notified { get; } = new int[areas * periods];

        public int[] Completed { get; } = new int[areas * periods];

        public int[][] ByAgeGender { get; } = [.. Enumerable.Range(0, areas * periods).Select(_ => new int[AgeBands.Length * Genders.Length])];

        public int[][] AtOrAbove { get; } = [.. Enumerable.Range(0, areas * periods).Select(_ => new int[Thresholds.Length])];

        public Tally[] PerInterview { get; } = [.. Enumerable.Range(0, areas * periods).Select(_ => new Tally())];

        public static int Slot(int area, int period, int areas) => (period * areas) + area;

        public void Note(in Fact f, int period, int[] areasOfDistrict)
        {
            var row = Children.Row(f.ChildId, period, out var isNew);
            if (isNew || f.ReportedMissingAt.ToUnixTimeTicks() < Children.Earliest[row])
            {
                (Children.Earliest[row], Children.Cell[row]) = (f.ReportedMissingAt.ToUnixTimeTicks(), f.Cell);
            }

            Starts.Add(((long)Children.ItemOf[row] << 32) | (uint)f.StartDay);
            var interview = f.Completed && f.InterviewId is { } id ? Interviews.Row(id, period, out _) : -1;
            foreach (var area in areasOfDistrict)
            {
                var slot = Slot(area, period, areas);
                if (Children.Mark(row, 0, area))
                {
                    Notified[slot]++;
                }

                if (f.Completed && Children.Mark(row, 1, area))
                {
                    Completed[slot]++;
                }

                if (interview >= 0 && Interviews.Mark(interview, 0, area))
                {
                    PerInterview[slot].AddCompleted(f);
                }
            }
        }

        /// <summary>After the last notification: each child's age band and gender (at the first notification of the
        /// period) and whether it was at or above each repeat-missing threshold at any time in the period, counted once in
        /// every area where it was notified then.</summary>
        public void Finish(IReadOnlyList<ReportingPeriod> periodList, int windowDays)
        {
            var starts = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Starts);
            starts.Sort();
            var first = new int[Children.Items + 1];
            var days = new int[starts.Length];
            for (var i = 0; i < starts.Length; i++)
            {
                days[i] = (int)starts[i];
                first[(int)(starts[i] >> 32) + 1]++;
            }

            for (var c = 0; c < Children.Items; c++)
            {
                first[c + 1] += first[c];
            }

            var bounds = periodList.Select(p => (From: p.Start.ToDateOnly().DayNumber, To: p.EndExclusive.ToDateOnly().DayNumber)).ToArray();
            Span<bool> reach = stackalloc bool[Thresholds.Length];
            for (var row = 0; row < Children.Rows; row++)
            {
                var (child, period, cell) = (Children.ItemOf[row], Children.PeriodOf[row], Children.Cell[row]);
                var own = days.AsSpan(first[child], first[child + 1] - first[child]);
                for (var t = 0; t < Thresholds.Length; t++)
                {
                    reach[t] = RepeatMissingReach.AtOrAboveDuring(own, Thresholds[t], windowDays, bounds[period].From, bounds[period].To);
                }

                foreach (var area in Children.AreasOf(row, 0))
                {
                    var slot = Slot(area, period, areas);
                    if (cell >= 0)
                    {
                        ByAgeGender[slot][cell]++;
                    }

                    for (var t = 0; t < Thresholds.Length; t++)
                    {
                        AtOrAbove[slot][t] += reach[t] ? 1 : 0;
                    }
                }
            }
        }
    }

    /// <summary>The age-band-by-gender cell of a notification (index band × genders + gender), or -1 outside the bands.</summary>
    private static int CellOf(LocalDate dateOfBirth, LocalDate on, int gender)
    {
        var age = ChildAge.YearsOn(dateOfBirth, on);
        for (var i = 0; i < AgeBands.Length; i++)
        {
            if (age >= AgeBands[i].From && age <= AgeBands[i].To)
            {
                return (i * Genders.Length) + gender;
            }
        }

        return -1;
    }

    /// <summary>One notification as the return needs it (its district and period are passed beside it).</summary>
    internal readonly record struct Fact(Guid ChildId, bool OwnChild, RhiStatus? Status, bool Offered, bool InTime, bool InTimeOwnReturn, bool EarlierOffer,
        Instant ReportedMissingAt, int StartDay, int Cell, string? NotOfferedReason, string? DeclinedBy, Guid? InterviewId, string? Method, string? Venue, string? PrimaryReason)
    {
        public bool Completed => Status == RhiStatus.Completed;

        public bool Declined => Status == RhiStatus.Declined;
    }

    /// <summary>
    /// The notifications received in <paramref name="periods"/>, with their interviews, tallied by district and period as
    /// they are read (ADR 14). One SQL statement, the same on both databases, read column by column: for a year's
    /// 200,000 notifications, materialising them as objects first cost more than the query itself (issue #4's
    /// benchmark). The database works out the period from the London-calendar boundaries, passed as instants as the
    /// benchmark's bare query does, and packs it with the child's gender and the interview's state into one number:
    /// period × 10000 + gender × 1000 + own child × 100 + status × 10 + offer (0 none, 1 late, 2 in time from the
    /// interview's first return and so from the episode's own, 3 late from the first return but the episode returned
    /// later, 4 covered by an offer made before this episode's return — offered, but not within 72 hours of it: issue #22 §2). Only for 3 are the offer and the episode's return read, to measure from the episode's own return; the
    /// interview's id and answers are read only for a completed one.
    /// </summary>
    private static async Task<Dictionary<string, Tally[]>> TallyAsync(BeaconDbContext db, IReadOnlyList<ReportingPeriod> periods, Dictionary<string, int[]> areasOfDistrict, Distinct distinct, CancellationToken cancellationToken)
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
                       + CASE e.gender WHEN '{Genders[0]}' THEN 0 WHEN '{Genders[1]}' THEN 1000 ELSE 2000 END
                       + CASE WHEN e.responsible_authority_id IN (SELECT a.authority_id FROM areas a) THEN 100 ELSE 0 END
                       + COALESCE(r.status, 0) * 10
                       + CASE WHEN r.offered_at IS NULL THEN 0 WHEN r.offered_at < e.returned_at THEN 4 WHEN r.offered_at <= r.due_at THEN 2 WHEN e.returned_at > r.first_returned_at THEN 3 ELSE 1 END,
                       CASE r.status WHEN {(int)RhiStatus.NotOffered} THEN r.not_offered_reason WHEN {(int)RhiStatus.Declined} THEN r.declined_by END,
                       CASE WHEN r.status = {(int)RhiStatus.Completed} THEN r.method END,
                       CASE WHEN r.status = {(int)RhiStatus.Completed} THEN r.venue END,
                       CASE WHEN r.status = {(int)RhiStatus.Completed} THEN r.primary_reason END,
                       r.offered_at, e.returned_at,
                       CASE WHEN r.status = {(int)RhiStatus.Completed} THEN r.id END
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
            Instant Time(int ordinal) => Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

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
                var offered = packed % 10 > 0;
                var reported = Time(2);
                var start = ChildAge.DateOf(reported);
                var completed = status == RhiStatus.Completed;
                var fact = new Fact(
                        reader.GetGuid(1),
                        packed / 100 % 10 == 1,
                        status,
                        offered,
                        packed % 10 == 2,
                        packed % 10 == 2 || (packed % 10 == 3 && ReturnInterviewRules.OfferedInTime(Time(10), Time(9))),
                        packed % 10 == 4,
                        reported,
                        start.ToDateOnly().DayNumber,
                        CellOf(LocalDate.FromDateTime(reader.GetDateTime(3)), start, packed / 1000 % 10),
                        status == RhiStatus.NotOffered ? outcomeReason : null,
                        status == RhiStatus.Declined ? outcomeReason : null,
                        completed ? reader.GetGuid(11) : null,
                        Text(6),
                        Text(7),
                        Text(8));
                of.ByPeriod[index].Add(fact);
                distinct.Note(fact, index, of.Areas);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return byDistrict.ToDictionary(d => d.Key, d => d.Value.ByPeriod);
    }

    /// <summary>The children and start days of the episodes received in the <paramref name="windowDays"/> (and a day)
    /// before the year, for the repeat-missing reach early in the year: a grouped read of two columns.</summary>
    private static async Task<List<(Guid Child, int Day)>> LookbackAsync(BeaconDbContext context, Instant yearStart, int windowDays, CancellationToken cancellationToken)
    {
        var from = yearStart - Duration.FromDays(windowDays + 1);
        var rows = await context.Episodes.IgnoreQueryFilters().AsNoTracking().Where(e => e.NotifiedAt >= from && e.NotifiedAt < yearStart)
            .Select(e => new { e.ChildId, e.ReportedMissingAt }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.ChildId, ChildAge.DateOf(r.ReportedMissingAt).ToDateOnly().DayNumber))];
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
        var windowDays = repeatMissing?.Value.WindowDays ?? RepeatMissingPolicy.Default.WindowDays;

        // Last year's periods are only counted, for the comparisons (one grouped count, not every row), and the episodes
        // just before the year read for the repeat-missing reach: on connections of their own alongside the year's
        // notifications when there is a scope factory (the app, the CLI); without one (a test building the report by
        // hand) first.
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

        var lookbackTask = Start(context => LookbackAsync(context, periods[0].StartInstant, windowDays, cancellationToken));
        if (scopes is null)
        {
            await lookbackTask;
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

        var distinct = new Distinct(groups.Count, periods.Count);
        var tallies = await TallyAsync(db, periods, areasOfDistrict, distinct, cancellationToken);
        var earlierCounts = await earlierTask;
        foreach (var (child, day) in await lookbackTask)
        {
            if (distinct.Children.IndexOf(child) is var index and >= 0)
            {
                distinct.Starts.Add(((long)index << 32) | (uint)day);
            }
        }

        distinct.Finish(periods, windowDays);

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
                var slot = Distinct.Slot(g, i, groups.Count);
                var figures = new AreaFigures(
                    name, kind, p.Label, inPeriods[i], distinct.Notified[slot], distinct.Completed[slot], distinct.ByAgeGender[slot], distinct.AtOrAbove[slot],
                    distinct.PerInterview[slot],
                    period == "annual" ? null : i > 0 ? inPeriods[i - 1].Notifications : EarlierCount(lastYear.Count - 1),
                    EarlierCount(i),
                    [.. Thresholds.Select(level => meetingsInArea.Where(m => m.Level == level && p.Contains(m.CrossedOn)).Select(m => m.ChildId).Distinct().Count())]);
                rows.Add(new ReturnRow([.. Columns.Select(c => c.Value(figures))]));
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
}

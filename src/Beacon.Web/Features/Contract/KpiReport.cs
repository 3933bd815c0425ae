using Beacon.Domain.Contract;
using Beacon.Domain.Missing;
using Beacon.Domain.Mentoring;
using Beacon.Domain.Outcomes;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Features.Outcomes;
using Beacon.Web.Features.Reports;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Contract;

/// <summary>The KPI settings (<c>Kpi</c> in configuration).</summary>
public sealed class KpiOptions
{
    public const string Section = "Kpi";

    /// <summary>N in "exploitation referrals decided within N working days" (default 5).</summary>
    public int ReferralDecisionWorkingDays { get; set; } = 5;
}

/// <summary>A council the KPIs are split by: a council of the partnership (its organisation code, e.g. <c>LA-860</c>), or
/// the whole area (<see cref="KpiReport.Whole"/>, no organisation).</summary>
public sealed record KpiCouncil(Guid? Id, string Code, string Name);

/// <summary>A reporting period of the KPIs: a month (<c>2024-04</c>), a quarter (<c>Q1</c>) or the year to date (<c>YTD</c>).</summary>
public sealed record KpiPeriod(string Label, string Kind, LocalDate Start, LocalDate EndExclusive)
{
    public bool Contains(LocalDate date) => date >= Start && date < EndExclusive;
}

/// <summary>One KPI figure: an indicator (<see cref="Kpis"/> id) in a period for a council (code), with the target and RAG
/// in force for that council and year, and the latest national benchmark. Values are in the indicator's unit; a null
/// value means no data (and so no RAG).</summary>
public sealed record KpiRow(string Indicator, string Period, string Council, string CouncilName, decimal? Value, decimal? Target, string? Rag, decimal? Benchmark)
{
    public KpiIndicator Definition => Kpis.Find(Indicator)!;
}

/// <summary>
/// The KPIs against targets (issue #18 §2, docs/decisions/0020): every indicator of <see cref="Kpis"/> for each month,
/// quarter and the year to date of a financial year (periods not yet started are left out), for each council of the
/// partnership and the whole area. A figure belongs to the <em>host</em> council: the council of the district where the
/// child lived — at the episode for the missing measures (as the missing return counts them), now for referrals,
/// closures and outcomes (as the exploitation and outcomes reports do). The interview measures are the missing return's
/// own counts (monthly, summed), closures and outcomes the outcomes report's facts, so the figures agree with the
/// returns. Counts only: no child is named.
/// </summary>
public sealed class KpiReport(BeaconDbContext db, MissingReturn missingReturn, OutcomeReport outcomes, IClock clock, IOptions<KpiOptions> options)
{
    public const string Whole = "ALL";

    /// <summary>The councils of the partnership (those responsible for an area), then the whole area.</summary>
    public async Task<IReadOnlyList<KpiCouncil>> CouncilsAsync(CancellationToken cancellationToken = default)
    {
        var councils = await (from o in db.Organisations.AsNoTracking()
                              where db.Areas.Any(a => a.AuthorityId == o.Id && a.Kind != "county")
                              orderby o.Name
                              select new { o.Id, o.Code, o.Name }).ToListAsync(cancellationToken);
        return [.. councils.Select(c => new KpiCouncil(c.Id, c.Code, c.Name)), new KpiCouncil(null, Whole, "Whole area")];
    }

    /// <summary>The months, quarters and year to date of a financial year that have started by today.</summary>
    public static IReadOnlyList<KpiPeriod> PeriodsOf(int financialYear, LocalDate today)
    {
        var year = FinancialYear.Year(financialYear);
        return [.. FinancialYear.Months(financialYear).Select(m => new KpiPeriod(m.Label, "month", m.Start, m.EndExclusive))
            .Concat(FinancialYear.Quarters(financialYear).Select(q => new KpiPeriod(q.Label, "quarter", q.Start, q.EndExclusive)))
            .Append(new KpiPeriod("YTD", "ytd", year.Start, year.EndExclusive))
            .Where(p => p.Start <= today)];
    }

    /// <summary>Every KPI of the year, or of one council (its code, or <see cref="Whole"/>).</summary>
    public async Task<IReadOnlyList<KpiRow>> ComputeAsync(int financialYear, string? council = null, CancellationToken cancellationToken = default)
    {
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var periods = PeriodsOf(financialYear, today);
        var councils = (await CouncilsAsync(cancellationToken)).Where(c => council is null || string.Equals(c.Code, council, StringComparison.OrdinalIgnoreCase)).ToList();
        if (periods.Count == 0 || councils.Count == 0)
        {
            return [];
        }

        var councilOfDistrict = await db.Areas.AsNoTracking().Where(a => a.Kind != "county").ToDictionaryAsync(a => a.GssCode, a => a.AuthorityId, cancellationToken);
        var figures = new Figures(periods, councils, councilOfDistrict);
        await MissingAsync(financialYear, figures, cancellationToken);
        await MedianHoursAsync(financialYear, figures, cancellationToken);
        await MeetingsAsync(financialYear, today, figures, cancellationToken);
        await ReferralsAsync(financialYear, today, figures, cancellationToken);
        await OutcomesAsync(financialYear, figures, cancellationToken);
        await MentorsAsync(today, figures, cancellationToken);

        var targets = await KpiSettings.TargetsInForceAsync(db, financialYear, cancellationToken);
        var benchmarks = await KpiSettings.LatestBenchmarksAsync(db, cancellationToken);
        var rows = new List<KpiRow>();
        foreach (var indicator in Kpis.All)
        {
            foreach (var c in councils)
            {
                var target = c.Id is { } id ? targets.GetValueOrDefault((indicator.Id, id)) : null;
                foreach (var p in periods.Where(p => indicator != Kpis.OutcomeImprovement || p.Kind == "ytd"))
                {
                    var value = figures.Value(indicator.Id, p.Label, c.Code);
                    var rag = target is null || value is null ? null : Rag.Of(Kpis.Milli(value.Value), target.GreenMilli, target.AmberMilli, indicator.HigherIsBetter);
                    rows.Add(new KpiRow(indicator.Id, p.Label, c.Code, c.Name, value, target is null ? null : Kpis.FromMilli(target.TargetMilli), rag,
                        benchmarks.TryGetValue(indicator.Id, out var b) ? Kpis.FromMilli(b.ValueMilli) : null));
                }
            }
        }

        return rows;
    }

    /// <summary>The interview measures, from the missing return's monthly district rows: counts summed over the months of a
    /// period and the districts of a council, then divided as the return divides them.</summary>
    private async Task MissingAsync(int financialYear, Figures figures, CancellationToken cancellationToken)
    {
        var areaByName = await db.Areas.AsNoTracking().Where(a => a.Kind != "county").ToDictionaryAsync(a => a.Name, a => a.GssCode, cancellationToken);
        var rows = (await missingReturn.BuildAsync(financialYear, "monthly", cancellationToken)).Where(r => r.AreaKind == "district").ToList();
        var sums = figures.Sum(rows.Select(r => (new LocalDate(int.Parse(r.Period[..4], null), int.Parse(r.Period[5..], null), 1), (string?)areaByName[r.Area],
            new[] { r.Notifications, r.RhiOffered, (int)r["offered_within_72h"]!, r.TotalRhi })));
        foreach (var (cell, s) in sums)
        {
            figures.Set(Kpis.RhiOfferedWithin72h, cell, s[1] == 0 ? null : Rounding.Percent(s[2], s[1]));
            figures.Set(Kpis.RhiCompletedOfOffered, cell, s[1] == 0 ? null : Rounding.Percent(s[3], s[1]));
            figures.Set(Kpis.NotificationsOffered, cell, s[0] == 0 ? null : Rounding.Percent(s[1], s[0]));
        }
    }

    private async Task MedianHoursAsync(int financialYear, Figures figures, CancellationToken cancellationToken)
    {
        var year = FinancialYear.Year(financialYear);
        var (start, end) = (year.StartInstant, year.EndInstant);
        var offers = await (from e in db.Episodes.IgnoreQueryFilters().AsNoTracking()
                            where e.NotifiedAt >= start && e.NotifiedAt < end
                            join r in db.ReturnInterviews.IgnoreQueryFilters() on e.ReturnInterviewId equals r.Id
                            where r.OfferedAt != null && (e.ReturnedAt == null || r.OfferedAt >= e.ReturnedAt)
                            select new { e.NotifiedAt, e.HostDistrictCode, OfferedAt = r.OfferedAt!.Value, r.FirstReturnedAt }).ToListAsync(cancellationToken);
        var hours = offers.Select(o => (ChildAge.DateOf(o.NotifiedAt), (string?)o.HostDistrictCode, (decimal)(o.OfferedAt - o.FirstReturnedAt).TotalHours));
        foreach (var (cell, values) in figures.Group(hours))
        {
            figures.Set(Kpis.MedianHoursToOffer, cell, Kpis.Median(values, 1));
        }
    }

    private async Task MeetingsAsync(int financialYear, LocalDate today, Figures figures, CancellationToken cancellationToken)
    {
        var year = FinancialYear.Year(financialYear);
        var meetings = await (from m in db.InterventionMeetings.IgnoreQueryFilters().AsNoTracking()
                              where m.DueOn >= year.Start && m.DueOn < year.EndExclusive && (m.HeldOn != null || m.DueOn < today)
                              join e in db.Episodes.IgnoreQueryFilters() on m.TriggerEpisodeId equals e.Id
                              select new { m.DueOn, m.HeldOn, e.HostDistrictCode }).ToListAsync(cancellationToken);
        Percentages(figures, Kpis.RepeatMeetingsOnTime, meetings.Select(m => (m.DueOn, (string?)m.HostDistrictCode, m.HeldOn != null && m.HeldOn <= m.DueOn)));
    }

    private async Task ReferralsAsync(int financialYear, LocalDate today, Figures figures, CancellationToken cancellationToken)
    {
        var year = FinancialYear.Year(financialYear);
        var days = Math.Clamp(options.Value.ReferralDecisionWorkingDays, 1, 60);
        var referrals = await (from r in db.Referrals.IgnoreQueryFilters().AsNoTracking()
                               where r.ReceivedOn >= year.Start && r.ReceivedOn < year.EndExclusive
                               join c in db.Children.IgnoreQueryFilters() on r.ChildId equals c.Id
                               select new { r.ReceivedOn, r.DecidedOn, Decided = r.Status == Referral.Inappropriate || r.WorkType != null, c.HostDistrictCode })
            .ToListAsync(cancellationToken);
        var counted = referrals
            .Select(r => (r.ReceivedOn, r.HostDistrictCode, r.DecidedOn, r.Decided, Deadline: WorkingDays.Add(r.ReceivedOn, days)))
            .Where(r => r.DecidedOn is not null || (!r.Decided && r.Deadline < today));
        Percentages(figures, Kpis.ReferralsDecidedInTime, counted.Select(r => (r.ReceivedOn, (string?)r.HostDistrictCode, r.DecidedOn <= r.Deadline)));
    }

    private async Task OutcomesAsync(int financialYear, Figures figures, CancellationToken cancellationToken)
    {
        var facts = await outcomes.GatherAsync(financialYear, cancellationToken);
        Percentages(figures, Kpis.ClosuresWithReducedRisk,
            facts.Closures.Select(c => (c.ClosedOn, (string?)facts.DistrictOf[c.ChildId], OutcomeMeasure.ClosedWithReducedRisk(c.Level, c.ClosingLevel))));
        var ytd = figures.Periods.Single(p => p.Kind == "ytd");
        foreach (var council in figures.Councils)
        {
            var changes = facts.Changes.Where(c => figures.InCouncil(facts.DistrictOf[c.ChildId], council)).ToList();
            figures.Set(Kpis.OutcomeImprovement, (ytd.Label, council.Code), OutcomeMeasure.AreasImprovedPerChild(changes));
        }
    }

    /// <summary>Mentors active on the last day of each period (today for one not over): the status in force then, from the
    /// status history (the current status for a mentor without one); for a council, those matched then with a child of it.</summary>
    private async Task MentorsAsync(LocalDate today, Figures figures, CancellationToken cancellationToken)
    {
        var mentors = await db.Set<Mentor>().AsNoTracking().Select(m => new { m.Id, m.Status, m.CreatedAt }).ToListAsync(cancellationToken);
        var changes = (await db.Set<MentorStatusChange>().AsNoTracking().Select(c => new { c.MentorId, c.ChangedOn, c.Status }).ToListAsync(cancellationToken))
            .ToLookup(c => c.MentorId);
        var matches = await (from m in db.Set<MentorMatch>().IgnoreQueryFilters().AsNoTracking()
                             join c in db.Children.IgnoreQueryFilters() on m.ChildId equals c.Id
                             select new { m.MentorId, m.StartedOn, m.EndedOn, c.HostDistrictCode }).ToListAsync(cancellationToken);
        foreach (var period in figures.Periods)
        {
            var on = period.EndExclusive.PlusDays(-1) < today ? period.EndExclusive.PlusDays(-1) : today;
            var active = mentors.Where(m =>
            {
                var history = changes[m.Id].Where(c => c.ChangedOn <= on).OrderBy(c => c.ChangedOn).LastOrDefault();
                var status = history?.Status ?? (changes[m.Id].Any() || ChildAge.DateOf(m.CreatedAt) > on ? null : m.Status);
                return status == MentorStatus.Active;
            }).Select(m => m.Id).ToHashSet();
            foreach (var council in figures.Councils)
            {
                var count = council.Id is null ? active.Count
                    : matches.Where(m => active.Contains(m.MentorId) && m.StartedOn <= on && (m.EndedOn is null || m.EndedOn >= on) && figures.InCouncil(m.HostDistrictCode, council))
                        .Select(m => m.MentorId).Distinct().Count();
                figures.Set(Kpis.ActiveMentors, (period.Label, council.Code), count);
            }
        }
    }

    /// <summary>A percentage per period and council of dated facts that either meet the measure or not.</summary>
    private static void Percentages(Figures figures, KpiIndicator indicator, IEnumerable<(LocalDate Date, string? District, bool Met)> facts)
    {
        foreach (var (cell, values) in figures.Group(facts.Select(f => (f.Date, f.District, f.Met ? 1m : 0m))))
        {
            figures.Set(indicator, cell, Rounding.Percent((long)values.Sum(), values.Count));
        }
    }

    /// <summary>The values being built, by indicator, period label and council code, and the grouping of dated facts
    /// into every period and council they count in.</summary>
    private sealed class Figures(IReadOnlyList<KpiPeriod> periods, IReadOnlyList<KpiCouncil> councils, IReadOnlyDictionary<string, Guid> councilOfDistrict)
    {
        private readonly Dictionary<(string Indicator, string Period, string Council), decimal?> values = [];

        public IReadOnlyList<KpiPeriod> Periods => periods;

        public IReadOnlyList<KpiCouncil> Councils => councils;

        public bool InCouncil(string? district, KpiCouncil council) =>
            council.Id is null || (district is not null && councilOfDistrict.TryGetValue(district, out var id) && id == council.Id);

        public void Set(KpiIndicator indicator, (string Period, string Council) cell, decimal? value) => values[(indicator.Id, cell.Period, cell.Council)] = value;

        public decimal? Value(string indicator, string period, string council) => values.GetValueOrDefault((indicator, period, council));

        public IEnumerable<((string Period, string Council) Cell, List<decimal> Values)> Group(IEnumerable<(LocalDate Date, string? District, decimal Value)> facts)
        {
            var cells = new Dictionary<(string, string), List<decimal>>();
            foreach (var (date, district, value) in facts)
            {
                foreach (var p in periods.Where(p => p.Contains(date)))
                {
                    foreach (var c in councils.Where(c => InCouncil(district, c)))
                    {
                        (cells.TryGetValue((p.Label, c.Code), out var list) ? list : cells[(p.Label, c.Code)] = []).Add(value);
                    }
                }
            }

            return cells.Select(c => (c.Key, c.Value));
        }

        /// <summary>Integer counts summed per period and council.</summary>
        public IEnumerable<((string Period, string Council) Cell, int[] Sums)> Sum(IEnumerable<(LocalDate Date, string? District, int[] Counts)> facts)
        {
            var cells = new Dictionary<(string, string), int[]>();
            foreach (var (date, district, counts) in facts)
            {
                foreach (var p in periods.Where(p => p.Contains(date)))
                {
                    foreach (var c in councils.Where(c => InCouncil(district, c)))
                    {
                        var sums = cells.TryGetValue((p.Label, c.Code), out var s) ? s : cells[(p.Label, c.Code)] = new int[counts.Length];
                        for (var i = 0; i < counts.Length; i++)
                        {
                            sums[i] += counts[i];
                        }
                    }
                }
            }

            return cells.Select(c => (c.Key, c.Value));
        }
    }
}

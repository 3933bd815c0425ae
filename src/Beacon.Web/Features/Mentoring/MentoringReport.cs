using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Domain.Mentoring;
using Beacon.Domain.Reporting;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Features.Participation;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>One row of the mentoring report: a month of the financial year, or the whole year (its counts at the year
/// end, its flows summed). Figures only: no mentor's or child's name.</summary>
public sealed record MentoringReportRow(
    string Period,
    int ActiveMentors,
    int ActiveVolunteers,
    int InTraining,
    int New,
    int Left,
    int MatchesStarted,
    int MatchesEnded,
    decimal? AverageMatchDays,
    int Contacts,
    decimal ContactHours,
    decimal TrainingHours,
    decimal SupervisionHours,
    decimal? SupervisionOnTimePercent,
    decimal? WellbeingOnTimePercent,
    int ParticipationEvents,
    int YoungPeopleAttending,
    int PartnerTrainingSessions,
    int PartnerTrainingAttendees);

/// <summary>The year's participation events by kind and training delivered to partners by agency (issue #20 §7), every
/// kind and agency present with zeros; codes here, labels (<see cref="Codes"/>) on the page and in the workbook.</summary>
public sealed record MentoringReportBreakdown(IReadOnlyList<ParticipationFigure> EventsByKind, IReadOnlyList<PartnerTrainingFigure> PartnerTrainingByAgency);

/// <summary>
/// The mentoring report (issue #20 §7) for a financial year (April to March, UK dates): the register at each month end
/// (<see cref="MentorCensus"/>), matches started and ended and the average length in days of those ended, contacts
/// and hours (contacts, training sessions attended, supervision), and supervision and wellbeing on time — the share of
/// active mentors up to date at each month end that has passed (<see cref="MentorSupport"/>), and participation events,
/// young people attending them (children Beacon knows and others), and training sessions delivered to partners and
/// their attendees (§5, §6, from <see cref="ParticipationFigures"/>). Reads every record, since it publishes counts only
/// (like the other returns).
/// </summary>
public sealed class MentoringReport(BeaconDbContext db, ParticipationFigures participation, IClock clock, IOptions<MentoringOptions> options)
{
    public static readonly IReadOnlyList<(string Code, string Label)> Columns =
    [
        ("period", "Period"), ("active_mentors", "Active mentors at the end"), ("active_volunteers", "Active volunteers at the end"),
        ("in_training", "In training at the end"), ("new", "New (first active)"), ("left", "Left"),
        ("matches_started", "Matches started"), ("matches_ended", "Matches ended"), ("average_match_days", "Average length of ended matches (days)"),
        ("contacts", "Contacts"), ("contact_hours", "Contact hours"), ("training_hours", "Training hours"), ("supervision_hours", "Supervision hours"),
        ("supervision_on_time_percent", "Supervision on time (%)"), ("wellbeing_on_time_percent", "Wellbeing check-ins on time (%)"),
        ("participation_events", "Participation events"), ("young_people_attending", "Young people attending"),
        ("partner_training_sessions", "Partner training sessions"), ("partner_training_attendees", "Partner training attendees"),
    ];

    public async Task<IReadOnlyList<MentoringReportRow>> BuildAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var year = FinancialYear.Year(financialYear);
        var today = clock.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;
        var mentors = await db.Set<Mentor>().AsNoTracking().Select(m => new { m.Id, m.Kind, m.Status, m.CreatedAt }).ToListAsync(cancellationToken);
        var changes = (await db.Set<MentorStatusChange>().AsNoTracking().OrderBy(s => s.RecordedAt).Select(s => new { s.MentorId, s.ChangedOn, s.Status }).ToListAsync(cancellationToken))
            .ToLookup(s => s.MentorId, s => new StatusOn(s.ChangedOn, s.Status));
        var histories = mentors.Select(m => new MentorHistory(m.Id, m.Kind, changes[m.Id].Any() ? [.. changes[m.Id]]
            : m.Status == MentorStatus.Active ? [new StatusOn(m.CreatedAt.InZone(Beacon.Domain.Missing.ChildAge.London).Date, MentorStatus.Active)] : [])).ToList();
        var matches = await db.Set<MentorMatch>().IgnoreQueryFilters().AsNoTracking().Select(m => new { m.StartedOn, m.EndedOn }).ToListAsync(cancellationToken);
        var contacts = await db.Set<MentorContact>().IgnoreQueryFilters().AsNoTracking().Where(c => c.HeldOn >= year.Start && c.HeldOn < year.EndExclusive)
            .Select(c => new { c.HeldOn, c.Minutes }).ToListAsync(cancellationToken);
        var training = await db.Set<TrainingAttendance>().AsNoTracking().Where(a => a.Session!.HeldOn >= year.Start && a.Session.HeldOn < year.EndExclusive)
            .Select(a => new { a.Session!.HeldOn, a.Session.Minutes }).ToListAsync(cancellationToken);
        var supervisions = await db.Set<MentorSupervision>().AsNoTracking().Select(s => new { s.MentorId, s.HeldOn, s.Minutes }).ToListAsync(cancellationToken);
        var wellbeing = (await db.Set<MentorWellbeingCheck>().AsNoTracking().Select(s => new { s.MentorId, s.HeldOn }).ToListAsync(cancellationToken)).ToLookup(s => s.MentorId, s => s.HeldOn);
        var supervised = supervisions.ToLookup(s => s.MentorId, s => s.HeldOn);
        var months = FinancialYear.Months(financialYear);
        ReportingPeriod[] periods = [.. months, year];
        var events = (await participation.EventsAsync(periods, cancellationToken)).ToLookup(e => e.Period);
        var partners = (await participation.PartnerTrainingTotalsAsync(periods, cancellationToken)).ToDictionary(t => t.Period);

        MentoringReportRow Row(string label, LocalDate start, LocalDate endExclusive, IReadOnlyList<LocalDate> monthStarts)
        {
            bool In(LocalDate d) => d >= start && d < endExclusive;
            var census = monthStarts.Select(s => MentorCensus.Month(histories, s)).ToList();
            var ended = matches.Where(m => m.EndedOn is { } e && In(e)).Select(m => Period.DaysBetween(m.StartedOn, m.EndedOn!.Value)).ToList();
            var (supervisionChecks, wellbeingChecks) = (new List<bool>(), new List<bool>());
            foreach (var monthEnd in monthStarts.Select(s => s.PlusMonths(1).PlusDays(-1)).Where(e => e <= today))
            {
                foreach (var h in histories)
                {
                    if (MentorCensus.ActiveSince(h.Changes, monthEnd) is { } since)
                    {
                        supervisionChecks.Add(MentorSupport.OnTimeOn(supervised[h.MentorId], since, options.Value.SupervisionWeeks, monthEnd));
                        wellbeingChecks.Add(MentorSupport.OnTimeOn(wellbeing[h.MentorId], since, options.Value.WellbeingWeeks, monthEnd));
                    }
                }
            }

            return new MentoringReportRow(label, census[^1].ActiveMentors, census[^1].ActiveVolunteers, census[^1].InTraining, census.Sum(c => c.New), census.Sum(c => c.Left),
                matches.Count(m => In(m.StartedOn)), ended.Count, ended.Count == 0 ? null : Rounding.Ratio(ended.Sum(), ended.Count, 1),
                contacts.Count(c => In(c.HeldOn)), Hours(contacts.Where(c => In(c.HeldOn)).Sum(c => c.Minutes)), Hours(training.Where(t => In(t.HeldOn)).Sum(t => t.Minutes)),
                Hours(supervisions.Where(s => In(s.HeldOn)).Sum(s => s.Minutes)), MentorSupport.OnTimePercent(supervisionChecks), MentorSupport.OnTimePercent(wellbeingChecks),
                events[label].Sum(e => e.Events), events[label].Sum(e => e.Attending), partners[label].Sessions, partners[label].Attendees);
        }

        return [.. months.Select(m => Row(m.Label, m.Start, m.EndExclusive, [m.Start])), Row(year.Label, year.Start, year.EndExclusive, [.. months.Select(m => m.Start)])];
    }

    public async Task<MentoringReportBreakdown> BreakdownAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        ReportingPeriod[] year = [FinancialYear.Year(financialYear)];
        return new(await participation.EventsAsync(year, cancellationToken), await participation.PartnerTrainingByAgencyAsync(year, cancellationToken));
    }

    private static decimal Hours(int minutes) => Rounding.Ratio(minutes, 60, 1);

    private static IReadOnlyList<object?> Values(MentoringReportRow r) =>
        [r.Period, r.ActiveMentors, r.ActiveVolunteers, r.InTraining, r.New, r.Left, r.MatchesStarted, r.MatchesEnded, r.AverageMatchDays, r.Contacts,
         r.ContactHours, r.TrainingHours, r.SupervisionHours, r.SupervisionOnTimePercent, r.WellbeingOnTimePercent,
         r.ParticipationEvents, r.YoungPeopleAttending, r.PartnerTrainingSessions, r.PartnerTrainingAttendees];

    public static string ToCsv(IReadOnlyList<MentoringReportRow> rows)
    {
        var text = new StringBuilder().AppendLine(string.Join(",", Columns.Select(c => c.Code)));
        foreach (var r in rows)
        {
            text.AppendLine(CsvWriting.Row(Values(r).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        }

        return text.ToString();
    }

    public static string ToJson(int financialYear, IReadOnlyList<MentoringReportRow> rows, MentoringReportBreakdown breakdown) =>
        JsonSerializer.Serialize(new { FinancialYear = financialYear, Rows = rows, breakdown.EventsByKind, breakdown.PartnerTrainingByAgency },
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true });

    public static byte[] ToXlsx(IReadOnlyList<MentoringReportRow> rows, MentoringReportBreakdown breakdown) => XlsxWriting.Write(
    [
        new XlsxSheet("Mentoring", [.. Columns.Select(c => c.Label)], rows.Select(Values)),
        new XlsxSheet("Events by kind", ["Kind", "Events", "Children Beacon knows attending", "Other young people attending", "Young people attending"],
            breakdown.EventsByKind.Select(e => (IReadOnlyList<object?>)[Codes.ParticipationKind.Label(e.Kind), e.Events, e.ChildrenAttending, e.OthersAttending, e.Attending])),
        new XlsxSheet("Partner training by agency", ["Agency", "Sessions", "Attendees"],
            breakdown.PartnerTrainingByAgency.Select(t => (IReadOnlyList<object?>)[Codes.PartnerAgency.Label(t.Agency), t.Sessions, t.Attendees])),
    ]);
}

using Beacon.Domain.Reporting;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Participation;

/// <summary>Participation events of one kind in a period (issue #20 §5, §7): how many were held, attendances by children
/// Beacon knows (a child at two events counts twice) and by other young people.</summary>
public sealed record ParticipationFigure(string Period, string Kind, int Events, int ChildrenAttending, int OthersAttending)
{
    public int Attending => ChildrenAttending + OthersAttending;
}

/// <summary>Training delivered to partners in a period for one agency (issue #20 §6, §7): sessions with anyone from the
/// agency attending, and how many attended from it.</summary>
public sealed record PartnerTrainingFigure(string Period, string Agency, int Sessions, int Attendees);

/// <summary>All training delivered to partners in a period: sessions (each once, whatever its audience) and attendees.</summary>
public sealed record PartnerTrainingTotal(string Period, int Sessions, int Attendees);

/// <summary>
/// The figures of participation and partner training for reports (issue #20 §5–§7): counts only, never a child, so they
/// read every row whoever runs the report. Each period (e.g. <see cref="FinancialYear.Year"/>, <c>.Quarters</c>,
/// <c>.Months</c>) counts by the event's or session's London date; every kind and agency is present, with zeros.
/// </summary>
public sealed class ParticipationFigures(BeaconDbContext db)
{
    public async Task<IReadOnlyList<ParticipationFigure>> EventsAsync(IReadOnlyList<ReportingPeriod> periods, CancellationToken cancellationToken = default)
    {
        var (first, last) = (periods.Min(p => p.Start), periods.Max(p => p.EndExclusive));
        var events = await db.Set<ParticipationEvent>().AsNoTracking().Where(e => e.HeldOn >= first && e.HeldOn < last)
            .Select(e => new { e.Id, e.Kind, e.HeldOn, e.OtherAttendees }).ToListAsync(cancellationToken);
        var ids = events.Select(e => e.Id).ToList();
        var known = (await db.Set<ParticipationAttendance>().IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.EventId)).Select(a => a.EventId).ToListAsync(cancellationToken))
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        return [.. from p in periods
                   from kind in Codes.ParticipationKind.Keys
                   let held = events.Where(e => e.Kind == kind && p.Contains(e.HeldOn)).ToList()
                   select new ParticipationFigure(p.Label, kind, held.Count, held.Sum(e => known.GetValueOrDefault(e.Id)), held.Sum(e => e.OtherAttendees))];
    }

    public async Task<IReadOnlyList<PartnerTrainingFigure>> PartnerTrainingByAgencyAsync(IReadOnlyList<ReportingPeriod> periods, CancellationToken cancellationToken = default)
    {
        var audiences = await AudiencesAsync(periods, cancellationToken);
        return [.. from p in periods
                   from agency in Codes.PartnerAgency.Keys
                   let at = audiences.Where(a => a.Agency == agency && p.Contains(a.DeliveredOn)).ToList()
                   select new PartnerTrainingFigure(p.Label, agency, at.Select(a => a.TrainingId).Distinct().Count(), at.Sum(a => a.Attending))];
    }

    public async Task<IReadOnlyList<PartnerTrainingTotal>> PartnerTrainingTotalsAsync(IReadOnlyList<ReportingPeriod> periods, CancellationToken cancellationToken = default)
    {
        var (first, last) = (periods.Min(p => p.Start), periods.Max(p => p.EndExclusive));
        var sessions = await db.Set<PartnerTraining>().AsNoTracking().Where(t => t.DeliveredOn >= first && t.DeliveredOn < last).Select(t => t.DeliveredOn).ToListAsync(cancellationToken);
        var audiences = await AudiencesAsync(periods, cancellationToken);
        return [.. periods.Select(p => new PartnerTrainingTotal(p.Label, sessions.Count(p.Contains), audiences.Where(a => p.Contains(a.DeliveredOn)).Sum(a => a.Attending)))];
    }

    private sealed record Audience(Guid TrainingId, NodaTime.LocalDate DeliveredOn, string Agency, int Attending);

    private async Task<List<Audience>> AudiencesAsync(IReadOnlyList<ReportingPeriod> periods, CancellationToken cancellationToken)
    {
        var (first, last) = (periods.Min(p => p.Start), periods.Max(p => p.EndExclusive));
        return await (from a in db.Set<PartnerTrainingAudience>().AsNoTracking()
                      join t in db.Set<PartnerTraining>().AsNoTracking() on a.TrainingId equals t.Id
                      where t.DeliveredOn >= first && t.DeliveredOn < last
                      select new Audience(a.TrainingId, t.DeliveredOn, a.Agency, a.Attending)).ToListAsync(cancellationToken);
    }
}

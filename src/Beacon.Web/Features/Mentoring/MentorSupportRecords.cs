using Beacon.Domain.Mentoring;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>How often mentors are supervised and checked in with (issue #20 §4), in configuration
/// (<c>Beacon:Mentoring</c>), defaults from <see cref="MentorSupport"/>.</summary>
public sealed class MentoringOptions
{
    public const string Section = "Beacon:Mentoring";

    public int SupervisionWeeks { get; set; } = MentorSupport.DefaultSupervisionWeeks;

    public int WellbeingWeeks { get; set; } = MentorSupport.DefaultWellbeingWeeks;
}

/// <summary>Minutes a mentor gave in one month: with children (contacts), in training sessions attended and in supervision.</summary>
public sealed record MonthHours(string Month, int ContactMinutes, int TrainingMinutes, int SupervisionMinutes)
{
    public int TotalMinutes => ContactMinutes + TrainingMinutes + SupervisionMinutes;
}

/// <summary>When a mentor's next supervision and wellbeing check-in are due; null when they are not active.</summary>
public sealed record SupportStanding(LocalDate? SupervisionDueOn, LocalDate? WellbeingDueOn);

/// <summary>
/// Support for mentors (issue #20 §4): supervision sessions and wellbeing check-ins, when the next are due, and hours
/// per month. Supervision and wellbeing notes are for mentor coordinators only (their pages are); a mentor sees their
/// own hours only (<c>/mentees</c>). Recording and opening notes are audited against the mentor.
/// </summary>
public sealed class MentorSupportRecords(BeaconDbContext db, AuditLog audit, CurrentActor actor, IClock clock, IOptions<MentoringOptions> options)
{
    public LocalDate Today => clock.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;

    public MentoringOptions Intervals => options.Value;

    public async Task<string?> RecordSupervisionAsync(Guid mentorId, LocalDate? heldOn, int minutes, string? supervisor, string? notes, CancellationToken cancellationToken = default)
    {
        if (heldOn is null || heldOn > Today || minutes is < 1 or > 1440 || string.IsNullOrWhiteSpace(supervisor) || supervisor.Trim().Length > 200 || string.IsNullOrWhiteSpace(notes) || notes.Trim().Length > 4000)
        {
            return "Enter the date (not in the future), the length in minutes (1 to 1440), the supervisor and notes (up to 4000 characters)";
        }

        if (!await db.Set<Mentor>().AnyAsync(m => m.Id == mentorId, cancellationToken))
        {
            return "Not found";
        }

        db.Set<MentorSupervision>().Add(new MentorSupervision { Id = Guid.NewGuid(), MentorId = mentorId, HeldOn = heldOn.Value, Minutes = minutes, Supervisor = supervisor.Trim(), Notes = notes.Trim(), RecordedBy = actor.UserName, RecordedAt = clock.GetCurrentInstant() });
        await audit.RecordAsync("update", nameof(Mentor), mentorId.ToString(), details: "supervision", cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<string?> RecordWellbeingAsync(Guid mentorId, LocalDate? heldOn, int score, string? concerns, string? actions, CancellationToken cancellationToken = default)
    {
        if (heldOn is null || heldOn > Today || score is < 1 or > 10 || concerns?.Trim().Length > 4000 || actions?.Trim().Length > 4000)
        {
            return "Enter the date (not in the future) and a score from 1 to 10; concerns and actions up to 4000 characters";
        }

        if (!await db.Set<Mentor>().AnyAsync(m => m.Id == mentorId, cancellationToken))
        {
            return "Not found";
        }

        db.Set<MentorWellbeingCheck>().Add(new MentorWellbeingCheck { Id = Guid.NewGuid(), MentorId = mentorId, HeldOn = heldOn.Value, Score = score, Concerns = Blank(concerns), Actions = Blank(actions), RecordedBy = actor.UserName, RecordedAt = clock.GetCurrentInstant() });
        await audit.RecordAsync("update", nameof(Mentor), mentorId.ToString(), details: "wellbeing check-in", cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>A mentor's supervision sessions and wellbeing check-ins, newest first (opening them is audited).</summary>
    public async Task<(IReadOnlyList<MentorSupervision> Supervisions, IReadOnlyList<MentorWellbeingCheck> Wellbeing)> NotesAsync(Guid mentorId, CancellationToken cancellationToken = default)
    {
        var supervisions = await db.Set<MentorSupervision>().AsNoTracking().Where(s => s.MentorId == mentorId).OrderByDescending(s => s.HeldOn).ThenByDescending(s => s.RecordedAt).ToListAsync(cancellationToken);
        var wellbeing = await db.Set<MentorWellbeingCheck>().AsNoTracking().Where(s => s.MentorId == mentorId).OrderByDescending(s => s.HeldOn).ThenByDescending(s => s.RecordedAt).ToListAsync(cancellationToken);
        await audit.RecordAsync("view", nameof(Mentor), mentorId.ToString(), "allowed", details: "supervision and wellbeing", cancellationToken: cancellationToken);
        return (supervisions, wellbeing);
    }

    public async Task<SupportStanding> StandingAsync(Guid mentorId, CancellationToken cancellationToken = default)
    {
        var today = Today;
        var since = await ActiveSinceAsync(mentorId, today, cancellationToken);
        if (since is null)
        {
            return new SupportStanding(null, null);
        }

        var lastSupervision = await db.Set<MentorSupervision>().Where(s => s.MentorId == mentorId && s.HeldOn <= today).MaxAsync(s => (LocalDate?)s.HeldOn, cancellationToken);
        var lastWellbeing = await db.Set<MentorWellbeingCheck>().Where(s => s.MentorId == mentorId && s.HeldOn <= today).MaxAsync(s => (LocalDate?)s.HeldOn, cancellationToken);
        return new SupportStanding(MentorSupport.DueOn(lastSupervision, since.Value, Intervals.SupervisionWeeks), MentorSupport.DueOn(lastWellbeing, since.Value, Intervals.WellbeingWeeks));
    }

    /// <summary>The date the mentor last became active, from their status history; a mentor recorded active with no
    /// history (carried over by migration 0029) counts from when they were added.</summary>
    public async Task<LocalDate?> ActiveSinceAsync(Guid mentorId, LocalDate date, CancellationToken cancellationToken = default)
    {
        var mentor = await db.Set<Mentor>().AsNoTracking().Where(m => m.Id == mentorId).Select(m => new { m.Status, m.CreatedAt }).SingleOrDefaultAsync(cancellationToken);
        var changes = await db.Set<MentorStatusChange>().AsNoTracking().Where(s => s.MentorId == mentorId).OrderBy(s => s.RecordedAt).Select(s => new StatusOn(s.ChangedOn, s.Status)).ToListAsync(cancellationToken);
        return changes.Count == 0
            ? mentor?.Status == MentorStatus.Active ? mentor.CreatedAt.InZone(Beacon.Domain.Missing.ChildAge.London).Date : null
            : MentorCensus.ActiveSince(changes, date);
    }

    /// <summary>Minutes per month from <paramref name="from"/> (a month's first day) for <paramref name="months"/>
    /// months. Contacts count by their date whatever the match's state, as figures only (no child data is read).</summary>
    public async Task<IReadOnlyList<MonthHours>> HoursAsync(Guid mentorId, LocalDate from, int months, CancellationToken cancellationToken = default)
    {
        var to = from.PlusMonths(months);
        var contacts = await db.Set<MentorContact>().IgnoreQueryFilters().AsNoTracking()
            .Join(db.Set<MentorMatch>().IgnoreQueryFilters().Where(m => m.MentorId == mentorId), c => c.MatchId, m => m.Id, (c, m) => new { c.HeldOn, c.Minutes })
            .Where(c => c.HeldOn >= from && c.HeldOn < to).ToListAsync(cancellationToken);
        var training = await db.Set<TrainingAttendance>().AsNoTracking().Where(a => a.MentorId == mentorId && a.Session!.HeldOn >= from && a.Session.HeldOn < to)
            .Select(a => new { a.Session!.HeldOn, a.Session.Minutes }).ToListAsync(cancellationToken);
        var supervision = await db.Set<MentorSupervision>().AsNoTracking().Where(s => s.MentorId == mentorId && s.HeldOn >= from && s.HeldOn < to)
            .Select(s => new { s.HeldOn, s.Minutes }).ToListAsync(cancellationToken);
        return [.. Enumerable.Range(0, months).Select(i => from.PlusMonths(i)).Select(start => new MonthHours(start.ToString("yyyy-MM", null),
            contacts.Where(c => InMonth(c.HeldOn, start)).Sum(c => c.Minutes),
            training.Where(c => InMonth(c.HeldOn, start)).Sum(c => c.Minutes),
            supervision.Where(c => InMonth(c.HeldOn, start)).Sum(c => c.Minutes)))];
    }

    /// <summary>The signed-in mentor's own hours over the last 12 months (issue #20 §4: a mentor may see their own
    /// hours, never supervision or wellbeing notes); empty when they are not linked to a register entry.</summary>
    public async Task<IReadOnlyList<MonthHours>> MyHoursAsync(CancellationToken cancellationToken = default)
    {
        var mentorId = await db.Set<Mentor>().AsNoTracking().Where(m => m.UserId != null && m.UserId == actor.UserId).Select(m => (Guid?)m.Id).SingleOrDefaultAsync(cancellationToken);
        var thisMonth = new LocalDate(Today.Year, Today.Month, 1);
        return mentorId is { } id ? await HoursAsync(id, thisMonth.PlusMonths(-11), 12, cancellationToken) : [];
    }

    private static bool InMonth(LocalDate date, LocalDate start) => date >= start && date < start.PlusMonths(1);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

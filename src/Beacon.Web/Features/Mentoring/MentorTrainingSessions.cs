using Beacon.Domain.Mentoring;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>A session as listed: its course, when, who trained, where, and how many attended and completed.</summary>
public sealed record SessionSummary(Guid Id, string Course, string CourseKind, LocalDate HeldOn, int Minutes, string Trainer, string Place, int Attended, int Completed);

/// <summary>One line of a mentor's training record.</summary>
public sealed record TrainingLine(Guid SessionId, string Course, LocalDate HeldOn, int Minutes, string Trainer, bool Completed, LocalDate? ExpiresOn);

/// <summary>A mentor whose training is due a refresher or has lapsed.</summary>
public sealed record MentorRefresher(Guid MentorId, string MentorName, RefresherDue Due);

/// <summary>
/// Training sessions and who attended them (issue #20 §2): a course's sessions (date, length, trainer, place), each
/// mentor's attendance with whether they completed it, a mentor's training record and who is due a refresher
/// (<see cref="MentorTraining"/>). Coordinators only; changes are audited against the mentor.
/// </summary>
public sealed class MentorTrainingSessions(BeaconDbContext db, AuditLog audit, CurrentActor actor, IClock clock)
{
    public LocalDate Today => clock.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;

    public async Task<IReadOnlyList<SessionSummary>> SessionsAsync(CancellationToken cancellationToken = default) =>
        await db.Set<TrainingSession>().AsNoTracking().OrderByDescending(s => s.HeldOn).ThenBy(s => s.Course!.Name)
            .Select(s => new SessionSummary(s.Id, s.Course!.Name, s.Course.Kind, s.HeldOn, s.Minutes, s.Trainer, s.Place,
                db.Set<TrainingAttendance>().Count(a => a.SessionId == s.Id), db.Set<TrainingAttendance>().Count(a => a.SessionId == s.Id && a.Completed)))
            .ToListAsync(cancellationToken);

    public async Task<(Guid? Id, string? Problem)> AddSessionAsync(Guid courseId, LocalDate? heldOn, int minutes, string? trainer, string? place, CancellationToken cancellationToken = default)
    {
        if (heldOn is null || minutes is < 1 or > 1440 || string.IsNullOrWhiteSpace(trainer) || trainer.Trim().Length > 200 || string.IsNullOrWhiteSpace(place) || place.Trim().Length > 200)
        {
            return (null, "Enter the date, the length in minutes (1 to 1440), the trainer and the place (up to 200 characters each)");
        }

        if (!await db.Set<TrainingCourse>().AnyAsync(c => c.Id == courseId, cancellationToken))
        {
            return (null, "Choose a course");
        }

        var session = new TrainingSession { Id = Guid.NewGuid(), CourseId = courseId, HeldOn = heldOn.Value, Minutes = minutes, Trainer = trainer.Trim(), Place = place.Trim(), RecordedBy = actor.UserName, RecordedAt = clock.GetCurrentInstant() };
        db.Set<TrainingSession>().Add(session);
        await audit.RecordAsync("create", nameof(TrainingSession), session.Id.ToString(), cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (session.Id, null);
    }

    public Task<TrainingSession?> SessionAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.Set<TrainingSession>().AsNoTracking().Include(s => s.Course).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);

    /// <summary>Who attended a session, by name, and whether they completed it.</summary>
    public async Task<IReadOnlyList<(Guid MentorId, string Name, bool Completed)>> AttendeesAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        [.. (await db.Set<TrainingAttendance>().AsNoTracking().Where(a => a.SessionId == sessionId)
            .Join(db.Set<Mentor>(), a => a.MentorId, m => m.Id, (a, m) => new { m.Id, m.Name, a.Completed }).ToListAsync(cancellationToken))
            .OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => (x.Id, x.Name, x.Completed))];

    /// <summary>Records (or corrects) that a mentor attended a session and whether they completed it. A completed
    /// safeguarding or refresher course with a validity also moves the mentor's safeguarding training date and
    /// refresher due date on, as recording training did before sessions (issue #20 §1).</summary>
    public async Task<string?> RecordAttendanceAsync(Guid sessionId, Guid mentorId, bool completed, CancellationToken cancellationToken = default)
    {
        var session = await db.Set<TrainingSession>().Include(s => s.Course).SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        var mentor = await db.Set<Mentor>().SingleOrDefaultAsync(m => m.Id == mentorId, cancellationToken);
        if (session is null || mentor is null)
        {
            return "Choose a session and a mentor";
        }

        if (session.HeldOn > Today)
        {
            return "Attendance can be recorded once the session has been held";
        }

        var attendance = await db.Set<TrainingAttendance>().SingleOrDefaultAsync(a => a.SessionId == sessionId && a.MentorId == mentorId, cancellationToken);
        if (attendance is null)
        {
            db.Set<TrainingAttendance>().Add(new TrainingAttendance { Id = Guid.NewGuid(), SessionId = sessionId, MentorId = mentorId, Completed = completed, RecordedBy = actor.UserName, RecordedAt = clock.GetCurrentInstant() });
        }
        else
        {
            attendance.Completed = completed;
        }

        var on = session.HeldOn;
        if (completed && session.Course!.Kind is "safeguarding" or "refresher" && session.Course.ValidityMonths is { } months && (mentor.SafeguardingTrainedOn is null || mentor.SafeguardingTrainedOn <= on))
        {
            mentor.SafeguardingTrainedOn = on;
            mentor.SafeguardingDueOn = MentorTraining.ExpiresOn(on, months);
            mentor.UpdatedAt = clock.GetCurrentInstant();
            mentor.Version++;
        }

        await audit.RecordAsync("update", nameof(Mentor), mentorId.ToString(), details: $"training: {session.Course!.Name} on {on:yyyy-MM-dd}{(completed ? ", completed" : ", not completed")}", cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>A mentor's training record, newest first; a completed course with a validity shows when it expires.</summary>
    public async Task<IReadOnlyList<TrainingLine>> RecordOfAsync(Guid mentorId, CancellationToken cancellationToken = default) =>
        [.. (await db.Set<TrainingAttendance>().AsNoTracking().Where(a => a.MentorId == mentorId)
            .Select(a => new { a.SessionId, a.Session!.Course!.Name, a.Session.HeldOn, a.Session.Minutes, a.Session.Trainer, a.Completed, a.Session.Course.ValidityMonths }).ToListAsync(cancellationToken))
            .OrderByDescending(a => a.HeldOn).ThenBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => new TrainingLine(a.SessionId, a.Name, a.HeldOn, a.Minutes, a.Trainer, a.Completed, a.Completed && a.ValidityMonths is { } m ? MentorTraining.ExpiresOn(a.HeldOn, m) : null))];

    /// <summary>Every mentor who has not left and whose training is due a refresher within 30 days or has lapsed.</summary>
    public async Task<IReadOnlyList<MentorRefresher>> RefreshersDueAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<TrainingAttendance>().AsNoTracking().Where(a => a.Completed && a.Session!.Course!.ValidityMonths != null)
            .Join(db.Set<Mentor>().Where(m => m.Status != MentorStatus.Left), a => a.MentorId, m => m.Id,
                (a, m) => new { MentorId = m.Id, m.Name, a.Session!.CourseId, Course = a.Session.Course!.Name, a.Session.HeldOn, a.Session.Course.ValidityMonths })
            .ToListAsync(cancellationToken);
        var today = Today;
        return [.. rows.GroupBy(r => (r.MentorId, r.Name))
            .SelectMany(g => MentorTraining.DueRefreshers(g.Select(r => new CourseCompletion(r.CourseId, r.Course, r.HeldOn, r.ValidityMonths)), today).Select(d => new MentorRefresher(g.Key.MentorId, g.Key.Name, d)))
            .OrderBy(r => r.Due.ExpiresOn).ThenBy(r => r.MentorName, StringComparer.Ordinal)];
    }
}

using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

// Panels and their meetings: scheduling, the agenda, per-child decisions and minutes (issue #5 §2).
public sealed partial class MaceWork
{
    public async Task<(PanelMeeting? Meeting, IReadOnlyList<FieldError> Errors)> ScheduleMeetingAsync(string panel, string? meetingOn, CancellationToken cancellationToken = default)
    {
        if (!await db.MacePanels.AnyAsync(p => p.Name == panel, cancellationToken))
        {
            return (null, [new FieldError("panel", "The panel was not found.")]);
        }

        var date = FormDates.Parse(meetingOn);
        if (date is null || date < Today.PlusYears(-1) || date > Today.PlusYears(1))
        {
            return (null, [new FieldError("MeetingOn", "Enter the date of the meeting, like 27/3/2027, within a year of today")]);
        }

        var now = clock.GetCurrentInstant();
        var meeting = new PanelMeeting { Id = Guid.NewGuid(), Panel = panel, MeetingOn = date.Value, Status = PanelMeeting.Scheduled, CreatedAt = now, UpdatedAt = now };
        db.PanelMeetings.Add(meeting);
        await db.SaveChangesAsync(cancellationToken);
        return (meeting, []);
    }

    public async Task<IReadOnlyList<FieldError>> UpdatePanelAsync(string panel, string? chairName, string? coreMembers, int version, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        Text(errors, "ChairName", chairName, 200, "the chair's name", required: true);
        Text(errors, "CoreMembers", coreMembers, 4000, "the core members", required: false);
        var item = await db.MacePanels.SingleOrDefaultAsync(p => p.Name == panel, cancellationToken);
        if (item is null)
        {
            return [new FieldError("panel", "The panel was not found.")];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        item.ChairName = chairName!.Trim();
        item.CoreMembers = coreMembers?.Trim() ?? "";
        db.Entry(item).Property(p => p.Version).OriginalValue = version;
        return await SaveAsync("ChairName", cancellationToken);
    }

    public async Task<IReadOnlyList<FieldError>> RecordDiscussionAsync(Guid meetingId, Guid childId, string? decision, string? sinceLastTime, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        Text(errors, "Decision", decision, 4000, "what the panel decided", required: true);
        Text(errors, "SinceLastTime", sinceLastTime, 4000, "what happened since the last meeting", required: false);
        if (!await db.PanelMeetings.AnyAsync(m => m.Id == meetingId, cancellationToken) || !await db.Children.AnyAsync(c => c.Id == childId, cancellationToken))
        {
            return [new FieldError("meeting", "The meeting or child was not found.")];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.PanelDiscussions.Add(new PanelDiscussion
        {
            Id = Guid.NewGuid(),
            MeetingId = meetingId,
            ChildId = childId,
            Decision = decision!.Trim(),
            SinceLastTime = Blank(sinceLastTime),
            RecordedBy = Who,
            RecordedAt = clock.GetCurrentInstant(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>Puts an adult or location on a meeting's agenda (once).</summary>
    public async Task<IReadOnlyList<FieldError>> AddToAgendaAsync(Guid meetingId, string? subject, CancellationToken cancellationToken = default)
    {
        if (!await db.PanelMeetings.AnyAsync(m => m.Id == meetingId, cancellationToken))
        {
            return [new FieldError("meeting", "The meeting was not found.")];
        }

        if (!Subject.TryParse(subject, out var parsed) || parsed.Kind == "child" || !await ExistsAsync(parsed, cancellationToken))
        {
            return [new FieldError("AgendaSubject", "Select the adult or location to discuss")];
        }

        var key = parsed.ToString();
        if (!await db.PanelAgendaItems.AnyAsync(i => i.MeetingId == meetingId && i.Subject == key, cancellationToken))
        {
            db.PanelAgendaItems.Add(new PanelAgendaItem { Id = Guid.NewGuid(), MeetingId = meetingId, Subject = key, AddedBy = Who, AddedAt = clock.GetCurrentInstant() });
            await db.SaveChangesAsync(cancellationToken);
        }

        return [];
    }

    public async Task<IReadOnlyList<FieldError>> SaveMinutesAsync(Guid meetingId, string? minutes, bool held, int version, CancellationToken cancellationToken = default)
    {
        var meeting = await db.PanelMeetings.SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return [new FieldError("meeting", "The meeting was not found.")];
        }

        var errors = new List<FieldError>();
        Text(errors, "Minutes", minutes, 20000, "the minutes", required: held);
        if (held && meeting.MeetingOn > Today)
        {
            errors.Add(new FieldError("Minutes", "A meeting cannot be marked as held before its date"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        meeting.Minutes = Blank(minutes);
        meeting.Status = held ? PanelMeeting.Held : meeting.Status;
        db.Entry(meeting).Property(m => m.Version).OriginalValue = version;
        return await SaveAsync("Minutes", cancellationToken);
    }
}

using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

public sealed record ActionInput(string? Target, string? OwnerAgency, string? Description, string? DueOn);

// Disruption actions agreed at a meeting, and what became of them (issue #5 §2).
public sealed partial class MaceWork
{
    public async Task<IReadOnlyList<FieldError>> AddActionAsync(Guid meetingId, ActionInput input, CancellationToken cancellationToken = default)
    {
        var meeting = await db.PanelMeetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return [new FieldError("meeting", "The meeting was not found.")];
        }

        var errors = new List<FieldError>();
        Text(errors, "OwnerAgency", input.OwnerAgency, 200, "the agency that owns the action", required: true);
        Text(errors, "Description", input.Description, 2000, "what the action is", required: true);
        var due = FormDates.Parse(input.DueOn);
        if (due is null || due < meeting.MeetingOn || due > meeting.MeetingOn.PlusYears(1))
        {
            errors.Add(new FieldError("DueOn", "Enter the date the action is due, like 27/3/2027, on or after the meeting and within a year"));
        }

        if (!Subject.TryParse(input.Target, out var target) || !await ExistsAsync(target, cancellationToken))
        {
            errors.Add(new FieldError("Target", "Select who or what the action targets"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var now = clock.GetCurrentInstant();
        db.DisruptionActions.Add(new DisruptionAction
        {
            Id = Guid.NewGuid(),
            MeetingId = meetingId,
            Panel = meeting.Panel,
            OwnerAgency = input.OwnerAgency!.Trim(),
            Description = input.Description!.Trim(),
            DueOn = due!.Value,
            Status = DisruptionAction.Open,
            CreatedAt = now,
            UpdatedAt = now,
            ChildId = target.Kind == "child" ? target.Id : null,
            AdultId = target.Kind == "adult" ? target.Id : null,
            LocationId = target.Kind == "location" ? target.Id : null,
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> UpdateActionAsync(Guid actionId, string? status, string? outcome, int version, CancellationToken cancellationToken = default)
    {
        var action = await db.DisruptionActions.SingleOrDefaultAsync(a => a.Id == actionId, cancellationToken);
        if (action is null)
        {
            return [new FieldError("action", "The action was not found.")];
        }

        if (!await SeesChildAsync(action.ChildId, cancellationToken))
        {
            await audit.RecordAsync("update", nameof(DisruptionAction), actionId.ToString(), "denied", "its child is not visible to the user", cancellationToken);
            return [new FieldError("action", "The action was not found.")];
        }

        var errors = new List<FieldError>();
        if (status is null || !MaceVocabulary.ActionStatuses.ContainsKey(status))
        {
            errors.Add(new FieldError("Status", "Select the action's status"));
        }

        Text(errors, "Outcome", outcome, 2000, "the outcome", required: status is DisruptionAction.Completed or DisruptionAction.NotAchieved);
        if (errors.Count > 0)
        {
            return errors;
        }

        action.Status = status!;
        action.Outcome = Blank(outcome);
        db.Entry(action).Property(a => a.Version).OriginalValue = version;
        return await SaveAsync("Status", cancellationToken);
    }

    public const string HiddenActionText = "An action about a child not visible to you";

    /// <summary>Disruption actions (read without tracking) about a child the user may not see keep their owner, dates and
    /// status but lose their words, which may come from the child's record (issue #16 §6); returns their ids.</summary>
    public async Task<HashSet<Guid>> HideTextOfHiddenChildrenAsync(IReadOnlyCollection<DisruptionAction> actions, CancellationToken cancellationToken = default)
    {
        var childIds = actions.Where(a => a.ChildId is not null).Select(a => a.ChildId!.Value).Distinct().ToList();
        var visible = childIds.Count == 0 ? [] : await db.Children.Where(c => childIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        var hidden = new HashSet<Guid>();
        foreach (var action in actions.Where(a => a.ChildId is { } child && !visible.Contains(child)))
        {
            (action.Description, action.Outcome) = (HiddenActionText, null);
            hidden.Add(action.Id);
        }

        return hidden;
    }
}

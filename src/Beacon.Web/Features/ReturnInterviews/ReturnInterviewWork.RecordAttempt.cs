using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.ReturnInterviews;

// Attempts to contact the child; the first is the offer (issue #3 §4).
public sealed partial class ReturnInterviewWork
{
    /// <summary>Records an attempt entered on the page in UK time ("21/11/2026 14:30").</summary>
    public Task<WorkResult> RecordAttemptAsync(Guid id, string? when, string? method, string? outcome, string? note, CancellationToken cancellationToken = default) =>
        RecordAttemptAtAsync(id, UkTime.Parse(when), "Enter the date and time of the attempt, like 21/11/2026 14:30", method, outcome, note, cancellationToken);

    /// <summary>Records an attempt at <paramref name="at"/> (null when the time given could not be read:
    /// <paramref name="unreadable"/> says how to write it). The first attempt is the offer.</summary>
    public Task<WorkResult> RecordAttemptAtAsync(Guid id, Instant? at, string unreadable, string? method, string? outcome, string? note, CancellationToken cancellationToken = default) => ChangeAsync(id, null, interview =>
    {
        var errors = new List<FieldError>();
        var now = clock.GetCurrentInstant();
        if (at is null)
        {
            errors.Add(new FieldError("AttemptedAt", unreadable));
        }
        else if (at > now + Duration.FromMinutes(5))
        {
            errors.Add(new FieldError("AttemptedAt", "The attempt must not be in the future"));
        }
        else if (at < interview.FirstReturnedAt - Duration.FromDays(1))
        {
            errors.Add(new FieldError("AttemptedAt", "The attempt must be after the child's return"));
        }

        if (method is null || !RhiVocabulary.AttemptMethods.ContainsKey(method))
        {
            errors.Add(new FieldError("AttemptMethod", "Select how you tried to make contact"));
        }

        if (outcome is null || !RhiVocabulary.AttemptOutcomes.ContainsKey(outcome))
        {
            errors.Add(new FieldError("AttemptOutcome", "Select what happened"));
        }

        if (note?.Length > 2000)
        {
            errors.Add(new FieldError("AttemptNote", "The note must be 2,000 characters or fewer"));
        }

        if (ReturnInterviewRules.IsClosed(interview.Status))
        {
            errors.Add(new FieldError("AttemptedAt", "This return interview is closed. Reopen it to record more attempts."));
        }

        if (errors.Count > 0)
        {
            return new WorkResult(errors);
        }

        db.RhiAttempts.Add(new RhiAttempt
        {
            Id = Guid.NewGuid(),
            ReturnInterviewId = id,
            ChildId = interview.ChildId,
            AttemptedAt = at!.Value,
            Method = method!,
            Outcome = outcome!,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            RecordedById = actor.UserId,
            RecordedByName = actor.UserName,
            CreatedAt = now,
        });

        // The first attempt is the offer (the service's first contact offering the interview).
        if (interview.Status == RhiStatus.AwaitingOffer)
        {
            interview.Status = RhiStatus.Offered;
            interview.OfferedAt = at;
        }
        else if (interview.OfferedAt is { } offered && at < offered)
        {
            interview.OfferedAt = at;
        }

        interview.AssignedToId ??= actor.UserId;
        return WorkResult.Ok;
    }, cancellationToken);
}

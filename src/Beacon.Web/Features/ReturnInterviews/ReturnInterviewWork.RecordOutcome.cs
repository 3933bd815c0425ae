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

// Closing an interview without one (declined, no contact, not offered), manager review and reopening.
public sealed partial class ReturnInterviewWork
{
    /// <summary>Closes the RHI as declined, no contact or not offered.</summary>
    public Task<WorkResult> RecordOutcomeAsync(Guid id, string? outcome, string? declinedBy, string? notOfferedReason, string? note, int? version, CancellationToken cancellationToken = default) => ChangeAsync(id, version, interview =>
    {
        var target = outcome switch
        {
            "DECLINED" => RhiStatus.Declined,
            "NO_CONTACT" => RhiStatus.NoContact,
            "NOT_OFFERED" => RhiStatus.NotOffered,
            _ => (RhiStatus?)null,
        };
        if (target is null)
        {
            return WorkResult.Fail("Outcome", "Select an outcome");
        }

        if (target == RhiStatus.Declined && (declinedBy is null || !RhiVocabulary.DeclinedBy.ContainsKey(declinedBy)))
        {
            return WorkResult.Fail("DeclinedBy", "Select who declined the interview");
        }

        if (target == RhiStatus.NotOffered && (notOfferedReason is null || !RhiVocabulary.NotOfferedReasons.ContainsKey(notOfferedReason)))
        {
            return WorkResult.Fail("NotOfferedReason", "Select why no interview was offered");
        }

        if (target == RhiStatus.NotOffered && notOfferedReason == "OTHER" && string.IsNullOrWhiteSpace(note))
        {
            return WorkResult.Fail("OutcomeNote", "Say why no interview was offered");
        }

        var attempts = db.RhiAttempts.Count(a => a.ReturnInterviewId == id);
        var refusal = ReturnInterviewRules.RefuseTransition(interview.Status, target.Value, attempts, interview.FirstReturnedAt, clock.GetCurrentInstant());
        if (refusal is not null)
        {
            return WorkResult.Fail("Outcome", refusal);
        }

        interview.Status = target.Value;
        interview.DeclinedBy = target == RhiStatus.Declined ? declinedBy : null;
        interview.NotOfferedReason = target == RhiStatus.NotOffered ? notOfferedReason : null;
        interview.OutcomeNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        interview.ClosedAt = clock.GetCurrentInstant();
        return WorkResult.Ok;
    }, cancellationToken);

    public Task<WorkResult> ReviewAsync(Guid id, CancellationToken cancellationToken = default) => ChangeAsync(id, null, interview =>
    {
        if (!actor.IsInRole(Roles.TeamManager) && !actor.IsInRole(Roles.ServiceManager))
        {
            return WorkResult.Fail("Review", "Only a team or service manager can review an interview");
        }

        if (interview.Status != RhiStatus.Completed)
        {
            return WorkResult.Fail("Review", "Only a completed interview can be reviewed");
        }

        interview.ReviewedAt = clock.GetCurrentInstant();
        interview.ReviewedById = actor.UserId;
        return WorkResult.Ok;
    }, cancellationToken);

    /// <summary>Reopens a closed RHI with a reason (audited): it goes back to offered, or awaiting offer if never offered.</summary>
    public async Task<WorkResult> ReopenAsync(Guid id, string? reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return WorkResult.Fail("ReopenReason", "Give the reason for reopening (up to 500 characters)");
        }

        var result = await ChangeAsync(id, null, interview =>
        {
            if (!ReturnInterviewRules.IsClosed(interview.Status))
            {
                return WorkResult.Fail("ReopenReason", "This return interview is not closed");
            }

            interview.Status = interview.OfferedAt is null ? RhiStatus.AwaitingOffer : RhiStatus.Offered;
            interview.ClosedAt = null;
            interview.SubmittedAt = null;
            interview.ReviewedAt = null;
            interview.DeclinedBy = null;
            interview.NotOfferedReason = null;
            interview.OutcomeNote = $"Reopened {UkTime.Format(clock.GetCurrentInstant())} by {actor.UserName}: {reason.Trim()}";
            return WorkResult.Ok;
        }, cancellationToken);
        return result;
    }
}

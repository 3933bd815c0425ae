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

// Which episodes an interview covers: separating one, or moving them all to another open interview (issue #22 §2).
public sealed partial class ReturnInterviewWork
{
    /// <summary>
    /// Gives one covered episode an RHI of its own (awaiting offer, due 72 hours after that episode's return, with the
    /// same worker); the RHI it leaves counts from the earliest return it still covers (<see cref="ReturnInterviewRules.RefuseSeparation"/>).
    /// </summary>
    public async Task<WorkResult> SeparateEpisodeAsync(Guid id, Guid? episodeId, int? version, CancellationToken cancellationToken = default)
    {
        ReturnInterview? created = null;
        var result = await ChangeAsync(id, version, interview =>
        {
            var covered = db.Episodes.Where(e => e.ReturnInterviewId == id).ToList();
            if (covered.SingleOrDefault(e => e.Id == episodeId) is not { } episode)
            {
                return WorkResult.Fail("Episodes", "Choose an episode this interview covers");
            }

            if (ReturnInterviewRules.RefuseSeparation(interview.Status, covered.Count, interview.OfferedAt, episode.ReturnedAt) is { } refusal)
            {
                return WorkResult.Fail("Episodes", refusal);
            }

            var now = clock.GetCurrentInstant();
            created = new ReturnInterview
            {
                Id = Guid.CreateVersion7(),
                ChildId = interview.ChildId,
                Reference = RecordReferences.New("RHI"),
                Status = RhiStatus.AwaitingOffer,
                FirstReturnedAt = episode.ReturnedAt!.Value,
                DueAt = ReturnInterviewRules.OfferDueAt(episode.ReturnedAt.Value),
                AssignedToId = interview.AssignedToId,
                OutcomeNote = $"Episode {episode.PoliceReference} separated from {interview.Reference} {UkTime.Format(now)} by {actor.UserName}.",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.ReturnInterviews.Add(created);
            episode.ReturnInterviewId = created.Id;
            episode.CoverReason = null;
            RestartClock(interview, covered.Where(e => e.Id != episode.Id));
            return WorkResult.Ok;
        }, cancellationToken);
        if (result.Succeeded && created is not null)
        {
            await audit.RecordAsync("rhi-separate", nameof(ReturnInterview), $"{created.ChildId}/{id}", details: $"episode: {episodeId}; new interview: {created.Id}", cancellationToken: cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Moves this RHI's episodes to another open RHI of the same child and removes this one, which must have nothing
    /// recorded on it (<see cref="ReturnInterviewRules.RefuseJoining"/>); the other's clock follows the earliest return.
    /// An episode the default rule would not have put there (<see cref="ReturnInterviewRules.JoinsOpenInterview"/>:
    /// it returned after that interview was offered, or too long from its first return) needs the practitioner's
    /// reason, which is kept on the episode (issue #22 §2); the return counts one returned after the offer as covered by
    /// an earlier offer.
    /// </summary>
    public async Task<WorkResult> CoverByAsync(Guid id, Guid? intoId, int? version, string? reason, CancellationToken cancellationToken = default)
    {
        var given = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var joinWithin = Duration.FromDays(options.Value.ReturnInterviews.JoinWithinDays);
        var childId = Guid.Empty;
        var result = await ChangeAsync(id, version, interview =>
        {
            childId = interview.ChildId;
            if (intoId == id || (intoId is { } target ? db.ReturnInterviews.SingleOrDefault(r => r.Id == target) : null) is not { IsSpotPurchase: false } into)
            {
                return WorkResult.Fail("CoverBy", "Choose the interview that will cover these episodes");
            }

            var worked = HasAnswers(interview) || interview.IsSpotPurchase || interview.LegacyReference is not null || db.RhiAttempts.Any(a => a.ReturnInterviewId == id);
            if (ReturnInterviewRules.RefuseJoining(interview.Status, worked, into.Status, into.ChildId == interview.ChildId) is { } refusal)
            {
                return WorkResult.Fail("CoverBy", refusal);
            }

            var moving = db.Episodes.Where(e => e.ReturnInterviewId == id).ToList();
            var byJudgement = moving.Where(e => e.ReturnedAt is { } r && !ReturnInterviewRules.JoinsOpenInterview(r, into.FirstReturnedAt, into.OfferedAt, joinWithin)).ToList();
            if (byJudgement.Count > 0 && given is null)
            {
                return WorkResult.Fail("CoverReason", into.OfferedAt is { } offered && byJudgement.Any(e => e.ReturnedAt > offered)
                    ? $"Say why {into.Reference} should cover these episodes: it was offered before they returned, so by default they have an interview of their own"
                    : $"Say why {into.Reference} should cover these episodes: they returned more than {joinWithin.Days} days from its first return, so by default they have an interview of their own");
            }

            if (given?.Length > 500)
            {
                return WorkResult.Fail("CoverReason", "The reason must be 500 characters or fewer");
            }

            byJudgement.ForEach(e => e.CoverReason = given);
            moving.ForEach(e => e.ReturnInterviewId = into.Id);
            RestartClock(into, db.Episodes.Where(e => e.ReturnInterviewId == into.Id).ToList().Concat(moving));
            db.ReturnInterviews.Remove(interview);
            return WorkResult.Ok;
        }, cancellationToken);
        if (result.Succeeded)
        {
            await audit.RecordAsync("rhi-join", nameof(ReturnInterview), $"{childId}/{id}", details: $"episodes now covered by: {intoId}{(given is null ? string.Empty : "; reason kept on the episodes")}", cancellationToken: cancellationToken);
        }

        return result;
    }

    /// <summary>Other open RHIs of the same child: where this one's episodes could go.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Reference, Instant DueAt)>> OtherOpenAsync(ReturnInterview interview, CancellationToken cancellationToken = default)
    {
        var rows = await db.ReturnInterviews.AsNoTracking()
            .Where(r => r.ChildId == interview.ChildId && r.Id != interview.Id && !r.IsSpotPurchase && (r.Status == RhiStatus.AwaitingOffer || r.Status == RhiStatus.Offered))
            .OrderBy(r => r.DueAt).Select(r => new { r.Id, r.Reference, r.DueAt }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, r.Reference, r.DueAt))];
    }

    /// <summary>The 72-hour clock starts at the earliest return among the episodes the RHI covers. The RHI counts as
    /// changed (its version moves on) even when that return is the same: the episodes it covers are not.</summary>
    private void RestartClock(ReturnInterview interview, IEnumerable<Episode> covered)
    {
        interview.UpdatedAt = clock.GetCurrentInstant();
        if (covered.Min(e => e.ReturnedAt) is { } first)
        {
            interview.FirstReturnedAt = first;
            interview.DueAt = ReturnInterviewRules.OfferDueAt(first);
        }
    }
}

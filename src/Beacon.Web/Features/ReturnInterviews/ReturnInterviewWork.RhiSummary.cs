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

public sealed record SharedWith(string Organisation, Instant SharedAt, Instant? FirstViewedAt);

/// <summary>What a responsible authority and the police receive about a completed RHI: structured, never retyped.</summary>
public sealed record RhiSummary(
    Guid Id, string Reference, string ChildReference, string ChildName, LocalDate DateOfBirth, int Age, string Gender, string? EthnicityCode,
    string? NhsNumber, string? PolicePersonId, string ResponsibleAuthority, string District, string LivingSituation, IReadOnlyList<RhiEpisode> Episodes,
    Instant ReturnedAt, Instant OfferDueAt, Instant? OfferedAt, bool OfferedWithin72Hours, int Attempts,
    Instant? InterviewedAt, string Method, string Venue, IReadOnlyList<string> Reasons, string PrimaryReason,
    string? PushFactors, string? PullFactors, string? WhereWent, string? WithWhom, string? Travel, string? Harm,
    IReadOnlyList<string> ExploitationIndicators, string? ChildsWords, string? ActionsAgreed, string? ReferralsMade,
    Instant? CompletedAt, string? CompletedBy, bool Reviewed, IReadOnlyList<SharedWith> SharedWith);

// The structured summary shared with the responsible authority and the police (issue #3 §5).
public sealed partial class ReturnInterviewWork
{
    /// <summary>The structured summary of a completed RHI for the responsible authority and the police (issue #3 §5).
    /// Null unless completed and visible to the user; opening it is audited and marks the share as seen.</summary>
    public async Task<RhiSummary?> SummaryAsync(Guid id, string via, CancellationToken cancellationToken = default)
    {
        var view = await OpenAsync(id, $"summary/{via}", cancellationToken);
        if (view is null || view.Interview.Status != RhiStatus.Completed)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var organisation = actor.OrganisationId;
        var share = await db.RhiShares.SingleOrDefaultAsync(s => s.ReturnInterviewId == id && s.OrganisationId == organisation, cancellationToken);
        if (share is { FirstViewedAt: null })
        {
            share.FirstViewedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        var i = view.Interview;
        var c = view.Child;
        var shares = await db.RhiShares.AsNoTracking().Where(s => s.ReturnInterviewId == id)
            .Join(db.Organisations, s => s.OrganisationId, o => o.Id, (s, o) => new SharedWith(o.Name, s.SharedAt, s.FirstViewedAt)).ToListAsync(cancellationToken);
        var by = i.SubmittedById is { } submitter ? (await Names([submitter], cancellationToken)).GetValueOrDefault(submitter) : null;
        return new RhiSummary(
            i.Id, i.Reference, c.Reference, $"{c.GivenName} {c.FamilyName}", c.DateOfBirth, ChildAge.YearsOn(c.DateOfBirth, ChildAge.DateOf(now)), c.Gender, c.EthnicityCode,
            c.NhsNumber, Missing.ForceIdentifiers.PersonId(db.Actor.Scope, c.NotifyingPoliceForceId, c.PolicePersonId), view.ResponsibleAuthority, view.District, c.LivingSituation, view.Episodes,
            i.FirstReturnedAt, i.DueAt, i.OfferedAt, i.OfferedAt is { } offered && ReturnInterviewRules.OfferedInTime(i.FirstReturnedAt, offered), view.Attempts.Count,
            i.InterviewedAt, RhiVocabulary.Label(RhiVocabulary.Methods, i.Method), RhiVocabulary.Label(RhiVocabulary.Venues, i.Venue),
            RhiVocabulary.Split(i.Reasons).Select(r => RhiVocabulary.Label(RhiVocabulary.Reasons, r)).ToList(), RhiVocabulary.Label(RhiVocabulary.Reasons, i.PrimaryReason),
            i.PushFactors, i.PullFactors, i.WhereWent, i.WithWhom, i.Travel, i.Harm,
            RhiVocabulary.Split(i.ExploitationIndicators).Select(r => RhiVocabulary.Label(RhiVocabulary.ExploitationIndicators, r)).ToList(),
            i.ChildsWords, i.ActionsAgreed, i.ReferralsMade, i.SubmittedAt, by, i.ReviewedAt is not null, shares);
    }
}

using Beacon.Domain.Outcomes;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary>What the interview form shows of onward referrals: the directory's resources for the child's district not
/// yet referred to from this interview, and the referrals already made from it.</summary>
public sealed record InterviewOnward(IReadOnlyDictionary<string, string> Options, IReadOnlyList<OnwardReferralView> Made);

/// <summary>
/// The return interview's "referrals made" as onward referrals (issue #19 §3): on the interview form the practitioner
/// picks resources from the directory, and saving the form (draft or submit) makes one referral per resource picked,
/// once, made on the interview's date. The old free text (<c>ReturnInterview.ReferralsMade</c>) is kept and shown, read
/// only, for interviews recorded before; it is not converted, as it names services in words that cannot be matched
/// safely to the directory (docs/decisions/0024).
/// </summary>
public static class InterviewReferrals
{
    public static async Task<InterviewOnward> ForFormAsync(OnwardDirectory directory, OnwardReferrals referrals, Guid interviewId, string district, CancellationToken cancellationToken)
    {
        var made = await referrals.FromAsync(interviewId, cancellationToken);
        var options = (await directory.ListAsync(null, district, cancellationToken)).Where(r => made.All(m => m.ResourceId != r.Id))
            .ToDictionary(r => r.Id.ToString(), r => $"{r.Name} ({r.KindLabel}, {r.Ages})");
        return new InterviewOnward(options, made);
    }

    /// <summary>Adds (without saving) a referral to each resource picked that this interview has not referred to yet;
    /// an error when a pick is not in the directory.</summary>
    public static FieldError? Add(BeaconDbContext db, ReturnInterview interview, IReadOnlyList<Guid> picked, LocalDate madeOn, Instant now)
    {
        if (picked.Count == 0)
        {
            return null;
        }

        var ids = picked.Distinct().ToList();
        var known = db.Set<CommunityResource>().Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToList();
        if (known.Count != ids.Count)
        {
            return new FieldError("OnwardReferrals", "Select resources from the directory");
        }

        var already = db.Set<OnwardReferral>().Where(r => r.SourceId == interview.Id).Select(r => r.ResourceId).ToHashSet();
        foreach (var resource in ids.Where(id => !already.Contains(id)))
        {
            var (referral, step) = OnwardReferrals.New(interview.ChildId, resource, "RHI", interview.Id, madeOn, null, db.Actor.UserName, now);
            db.Set<OnwardReferral>().Add(referral);
            db.Set<OnwardReferralStep>().Add(step);
        }

        return null;
    }
}

using Beacon.Domain.Vocabulary;
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

/// <summary>The interview form as entered (strings), for drafts and submission.</summary>
public sealed record InterviewForm
{
    public string? InterviewedAt { get; init; }

    public string? Method { get; init; }

    public string? Venue { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    public string? PrimaryReason { get; init; }

    public string? PushFactors { get; init; }

    public string? PullFactors { get; init; }

    public string? WhereWent { get; init; }

    public string? WithWhom { get; init; }

    public string? Travel { get; init; }

    public string? Harm { get; init; }

    public IReadOnlyList<string> ExploitationIndicators { get; init; } = [];

    public string? ChildsWords { get; init; }

    public string? ActionsAgreed { get; init; }

    /// <summary>The old free text, kept for interviews recorded before onward referrals; a null leaves it as stored.</summary>
    public string? ReferralsMade { get; init; }

    /// <summary>Directory resources the child is referred on to: each makes an onward referral, once (issue #19 §3).</summary>
    public IReadOnlyList<Guid> OnwardReferrals { get; init; } = [];
}

// The interview form: drafts and submission, which shares the completed interview (issue #3 §4–5).
public sealed partial class ReturnInterviewWork
{
    /// <summary>Saves the interview form as a draft, or submits it (validated), completing the RHI and sharing its summary.</summary>
    /// <param name="isoTimes">The interview time is ISO 8601 with an offset (the API), not UK time as typed on the page.</param>
    public Task<WorkResult> SaveFormAsync(Guid id, InterviewForm form, bool submit, int? version, CancellationToken cancellationToken = default, bool isoTimes = false) => ChangeAsync(id, version, interview =>
    {
        var errors = new List<FieldError>();
        var interviewedAt = isoTimes ? UkTime.ParseIso(form.InterviewedAt) : UkTime.Parse(form.InterviewedAt);
        if (!string.IsNullOrWhiteSpace(form.InterviewedAt) && interviewedAt is null)
        {
            errors.Add(new FieldError("InterviewedAt", isoTimes ? $"Enter the date and time of the interview {UkTime.IsoExample}" : "Enter the date and time of the interview, like 21/11/2026 14:30"));
        }

        var texts = new (string Field, string? Value)[]
        {
            ("PushFactors", form.PushFactors), ("PullFactors", form.PullFactors), ("WhereWent", form.WhereWent), ("WithWhom", form.WithWhom),
            ("Travel", form.Travel), ("Harm", form.Harm), ("ChildsWords", form.ChildsWords), ("ActionsAgreed", form.ActionsAgreed), ("ReferralsMade", form.ReferralsMade),
        };
        errors.AddRange(texts.Where(t => t.Value?.Length > 4000).Select(t => new FieldError(t.Field, "Answers must be 4,000 characters or fewer")));
        var reasons = form.Reasons.Where(Codes.Reason.ContainsKey).Distinct().ToList();
        var indicators = form.ExploitationIndicators.Where(Codes.ExploitationIndicator.ContainsKey).Distinct().ToList();

        if (submit)
        {
            var now = clock.GetCurrentInstant();
            if (interviewedAt is null && string.IsNullOrWhiteSpace(form.InterviewedAt))
            {
                errors.Add(new FieldError("InterviewedAt", "Enter the date and time of the interview"));
            }
            else if (interviewedAt is { } at && (at > now + Duration.FromMinutes(5) || at < interview.FirstReturnedAt - Duration.FromDays(1)))
            {
                errors.Add(new FieldError("InterviewedAt", "The interview must be after the return and not in the future"));
            }

            if (form.Method is null || !Codes.InterviewMethod.ContainsKey(form.Method))
            {
                errors.Add(new FieldError("Method", "Select how the interview was done"));
            }

            if (form.Venue is null || !Codes.Venue.ContainsKey(form.Venue))
            {
                errors.Add(new FieldError("Venue", "Select where the interview took place"));
            }

            if (reasons.Count == 0)
            {
                errors.Add(new FieldError("Reasons", "Select at least one reason for going missing"));
            }

            if (form.PrimaryReason is null || !reasons.Contains(form.PrimaryReason))
            {
                errors.Add(new FieldError("PrimaryReason", "Select the main reason, from the reasons you selected"));
            }

            if (string.IsNullOrWhiteSpace(form.WhereWent))
            {
                errors.Add(new FieldError("WhereWent", "Say where the child went (or that they would not say)"));
            }

            if (string.IsNullOrWhiteSpace(form.Harm))
            {
                errors.Add(new FieldError("Harm", "Say whether the child came to harm or was at risk during the episode"));
            }

            if (indicators.Count == 0)
            {
                errors.Add(new FieldError("ExploitationIndicators", "Select the exploitation indicators seen, or \"None seen\""));
            }
            else if (indicators.Contains("NONE") && indicators.Count > 1)
            {
                errors.Add(new FieldError("ExploitationIndicators", "Select \"None seen\" or indicators, not both"));
            }

            if (string.IsNullOrWhiteSpace(form.ChildsWords))
            {
                errors.Add(new FieldError("ChildsWords", "Record the child's own words"));
            }

            if (ReturnInterviewRules.RefuseTransition(interview.Status, RhiStatus.Completed, 0, interview.FirstReturnedAt, now) is { } refusal)
            {
                errors.Add(new FieldError("InterviewedAt", refusal));
            }
        }
        else if (ReturnInterviewRules.IsClosed(interview.Status))
        {
            errors.Add(new FieldError("InterviewedAt", "This return interview is closed. Reopen it to change the form."));
        }

        var onward = Onward.InterviewReferrals.Add(db, interview, form.OnwardReferrals, ChildAge.DateOf(interviewedAt ?? clock.GetCurrentInstant()), clock.GetCurrentInstant());
        if (onward is not null)
        {
            errors.Add(onward);
        }

        if (errors.Count > 0)
        {
            return new WorkResult(errors);
        }

        static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        interview.InterviewedAt = interviewedAt;
        interview.Method = Codes.InterviewMethod.ContainsKey(form.Method ?? string.Empty) ? form.Method : null;
        interview.Venue = Codes.Venue.ContainsKey(form.Venue ?? string.Empty) ? form.Venue : null;
        interview.Reasons = reasons.Count == 0 ? null : string.Join(",", reasons);
        interview.PrimaryReason = reasons.Contains(form.PrimaryReason ?? string.Empty) ? form.PrimaryReason : null;
        interview.PushFactors = Clean(form.PushFactors);
        interview.PullFactors = Clean(form.PullFactors);
        interview.WhereWent = Clean(form.WhereWent);
        interview.WithWhom = Clean(form.WithWhom);
        interview.Travel = Clean(form.Travel);
        interview.Harm = Clean(form.Harm);
        interview.ExploitationIndicators = indicators.Count == 0 ? null : string.Join(",", indicators);
        interview.ChildsWords = Clean(form.ChildsWords);
        interview.ActionsAgreed = Clean(form.ActionsAgreed);
        interview.ReferralsMade = form.ReferralsMade is null ? interview.ReferralsMade : Clean(form.ReferralsMade);
        if (submit)
        {
            var now = clock.GetCurrentInstant();
            interview.Status = RhiStatus.Completed;
            interview.SubmittedAt = now;
            interview.SubmittedById = actor.UserId;
            interview.ClosedAt = now;
            Share(interview, now);
        }

        return WorkResult.Ok;
    }, cancellationToken);

    /// <summary>Whether any answer of the interview form has been saved (a draft counts).</summary>
    public static bool HasAnswers(ReturnInterview i) =>
        i.InterviewedAt is not null || i.Method is not null || i.Venue is not null || i.Reasons is not null || i.PrimaryReason is not null
        || new[] { i.PushFactors, i.PullFactors, i.WhereWent, i.WithWhom, i.Travel, i.Harm, i.ExploitationIndicators, i.ChildsWords, i.ActionsAgreed, i.ReferralsMade }.Any(a => a is not null);

    /// <summary>Who a completed interview's summary goes to: the child's responsible council and the force that
    /// notified (the service brief: "shared with the responsible local authority and the police").</summary>
    public static IEnumerable<Guid> SharedWith(Child child) => new[] { (Guid?)child.ResponsibleAuthorityId, child.NotifyingPoliceForceId }.OfType<Guid>().Distinct();

    private void Share(ReturnInterview interview, Instant now)
    {
        var child = db.Children.Single(c => c.Id == interview.ChildId);
        var existing = db.RhiShares.Where(s => s.ReturnInterviewId == interview.Id).Select(s => s.OrganisationId).ToHashSet();
        foreach (var organisation in SharedWith(child).Where(o => !existing.Contains(o)))
        {
            db.RhiShares.Add(new RhiShare { Id = Guid.NewGuid(), ReturnInterviewId = interview.Id, ChildId = interview.ChildId, OrganisationId = organisation, SharedAt = now });
        }
    }
}

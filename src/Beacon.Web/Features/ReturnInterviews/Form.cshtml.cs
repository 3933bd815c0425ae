using Beacon.Web.Features.Onward;
using Beacon.Web.Infrastructure.Time;
using Beacon.Domain.Vocabulary;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>The consistent interview form (issue #3 §4): save as draft, or submit to complete the RHI.</summary>
public sealed class InterviewFormModel(ReturnInterviewWork work, OnwardDirectory directory, OnwardReferrals referrals) : PageModel
{
    public InterviewOnward? Onward { get; private set; }

    public RhiView? View { get; private set; }

    public InterviewForm Form { get; private set; } = new();

    public bool Saved { get; private set; }

    [BindProperty]
    public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved, CancellationToken cancellationToken)
    {
        View = await work.OpenAsync(id, "interview-form", cancellationToken);
        if (View is null)
        {
            return NotFound();
        }

        Onward = await InterviewReferrals.ForFormAsync(directory, referrals, id, View.Child.HostDistrictCode, cancellationToken);
        var i = View.Interview;
        Saved = saved;
        Version = i.Version;
        Form = new InterviewForm
        {
            InterviewedAt = i.InterviewedAt is { } at ? UkTime.FormInput(at) : null,
            Method = i.Method,
            Venue = i.Venue,
            Reasons = Codes.Split(i.Reasons),
            PrimaryReason = i.PrimaryReason,
            PushFactors = i.PushFactors,
            PullFactors = i.PullFactors,
            WhereWent = i.WhereWent,
            WithWhom = i.WithWhom,
            Travel = i.Travel,
            Harm = i.Harm,
            ExploitationIndicators = Codes.Split(i.ExploitationIndicators),
            ChildsWords = i.ChildsWords,
            ActionsAgreed = i.ActionsAgreed,
            ReferralsMade = i.ReferralsMade,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? action, CancellationToken cancellationToken)
    {
        var f = Request.Form;
        Form = new InterviewForm
        {
            InterviewedAt = f["InterviewedAt"],
            Method = f["Method"],
            Venue = f["Venue"],
            Reasons = [.. f["Reasons"].OfType<string>()],
            PrimaryReason = f["PrimaryReason"],
            PushFactors = f["PushFactors"],
            PullFactors = f["PullFactors"],
            WhereWent = f["WhereWent"],
            WithWhom = f["WithWhom"],
            Travel = f["Travel"],
            Harm = f["Harm"],
            ExploitationIndicators = [.. f["ExploitationIndicators"].OfType<string>()],
            ChildsWords = f["ChildsWords"],
            ActionsAgreed = f["ActionsAgreed"],
            OnwardReferrals = [.. f["OnwardReferrals"].Select(v => Guid.TryParse(v, out var g) ? g : Guid.Empty)],
        };
        var submit = action == "submit";
        var result = await work.SaveFormAsync(id, Form, submit, Version, cancellationToken);
        if (result.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            return submit ? Redirect($"/return-interviews/submitted/{id}") : Redirect($"/return-interviews/{id}/interview?saved=true");
        }

        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        View = await work.OpenAsync(id, "interview-form", cancellationToken);
        if (View is null)
        {
            return NotFound();
        }

        Onward = await InterviewReferrals.ForFormAsync(directory, referrals, id, View.Child.HostDistrictCode, cancellationToken);
        if (!result.Conflict)
        {
            Version = View.Interview.Version;
        }

        return Page();
    }
}

using Beacon.Domain.Vocabulary;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>One RHI: its clock, episodes and attempts; record attempts and outcomes; review; reopen.</summary>
public sealed class RhiDetailsModel(ReturnInterviewWork work, IClock clock) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> Outcomes = new Dictionary<string, string>
    {
        ["DECLINED"] = "Declined",
        ["NO_CONTACT"] = "No contact after attempts",
        ["NOT_OFFERED"] = "Not offered",
    };

    public RhiView? View { get; private set; }

    public string? Open { get; private set; }

    [BindProperty]
    public string? AttemptedAt { get; set; }

    [BindProperty]
    public string? AttemptMethod { get; set; }

    [BindProperty]
    public string? AttemptOutcome { get; set; }

    [BindProperty]
    public string? AttemptNote { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? DeclinedBy { get; set; }

    [BindProperty]
    public string? NotOfferedReason { get; set; }

    [BindProperty]
    public string? OutcomeNote { get; set; }

    [BindProperty]
    public string? ReopenReason { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public Guid? AllocateTo { get; set; }

    public IReadOnlyList<(Guid Id, string Name)> Allocatable { get; private set; } = [];

    [BindProperty]
    public Guid? CoverBy { get; set; }

    /// <summary>Why the chosen interview should cover these episodes, when by default they would have their own.</summary>
    [BindProperty]
    public string? CoverReason { get; set; }

    /// <summary>The child's other open interviews, which could cover this one's episodes.</summary>
    public IReadOnlyList<(Guid Id, string Reference, Instant DueAt)> OtherOpen { get; private set; } = [];

    public static string StatusText(ReturnInterview i) => i.Status switch
    {
        RhiStatus.AwaitingOffer => "Awaiting offer",
        RhiStatus.Offered => i.InterviewedAt is null ? "Offered" : "Offered; interview form in draft",
        RhiStatus.Completed => $"Completed{(i.ReviewedAt is null ? ", not yet reviewed" : ", reviewed")}",
        RhiStatus.Declined => $"Declined by {Codes.DeclinedBy.Label(i.DeclinedBy).ToLowerInvariant()}",
        RhiStatus.NoContact => "Closed: no contact after attempts",
        RhiStatus.NotOffered => $"Not offered: {Codes.NotOfferedReason.Label(i.NotOfferedReason).ToLowerInvariant()}",
        _ => i.Status.ToString(),
    };

    /// <summary>
    /// The close's outcome (issue #17 §3): who declined, or why it was not offered, is asked only under that answer (a
    /// conditional reveal; the server ignores and never saves the other). An outcome the rules would refuse now (a
    /// decline before the offer, no contact too soon) is shown disabled with the reason, before anything is filled in.
    /// </summary>
    public Choices OutcomeQuestion()
    {
        var i = View!.Interview;
        var now = clock.GetCurrentInstant();
        var unavailable = new Dictionary<string, string>();
        foreach (var (code, status) in new[] { ("DECLINED", RhiStatus.Declined), ("NO_CONTACT", RhiStatus.NoContact), ("NOT_OFFERED", RhiStatus.NotOffered) })
        {
            if (ReturnInterviewRules.RefuseTransition(i.Status, status, View.Attempts.Count, i.FirstReturnedAt, now) is { } why)
            {
                unavailable[code] = why;
            }
        }

        return new Choices("Outcome", "Outcome", Outcomes, Outcome is null ? [] : [Outcome], ModelState, Unavailable: unavailable, Reveal: new Dictionary<string, IReadOnlyList<object>>
        {
            ["DECLINED"] = [new Choices("DeclinedBy", "Who declined the interview?", Codes.DeclinedBy, DeclinedBy is null ? [] : [DeclinedBy], ModelState)],
            ["NOT_OFFERED"] = [new Choices("NotOfferedReason", "Why was no interview offered?", Codes.NotOfferedReason, NotOfferedReason is null ? [] : [NotOfferedReason], ModelState, Hint: "If other, say why in the note")],
        });
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        AttemptedAt = UkTime.FormInput(clock.GetCurrentInstant());
        return await LoadAsync(id, cancellationToken);
    }

    public Task<IActionResult> OnPostAssignAsync(Guid id, CancellationToken ct) => After(id, work.AssignToMeAsync(id, ct), null, ct);

    public Task<IActionResult> OnPostAllocateAsync(Guid id, CancellationToken ct) => After(id, work.AllocateAsync(id, AllocateTo, ct), "allocate", ct);

    public Task<IActionResult> OnPostAttemptAsync(Guid id, CancellationToken ct) => After(id, work.RecordAttemptAsync(id, AttemptedAt, AttemptMethod, AttemptOutcome, AttemptNote, ct), "attempt", ct);

    public Task<IActionResult> OnPostOutcomeAsync(Guid id, CancellationToken ct) => After(id, work.RecordOutcomeAsync(id, Outcome, DeclinedBy, NotOfferedReason, OutcomeNote, Version, ct), "outcome", ct);

    public Task<IActionResult> OnPostReviewAsync(Guid id, CancellationToken ct) => After(id, work.ReviewAsync(id, ct), null, ct);

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct) => After(id, work.ReopenAsync(id, ReopenReason, ct), "reopen", ct);

    public Task<IActionResult> OnPostSeparateAsync(Guid id, Guid? episodeId, CancellationToken ct) => After(id, work.SeparateEpisodeAsync(id, episodeId, Version, ct), null, ct);

    /// <summary>On success this interview is gone: the page of the one now covering its episodes follows.</summary>
    public Task<IActionResult> OnPostCoverByAsync(Guid id, CancellationToken ct) => After(id, work.CoverByAsync(id, CoverBy, Version, CoverReason, ct), "cover", ct, then: CoverBy);

    private async Task<IActionResult> After(Guid id, Task<WorkResult> action, string? section, CancellationToken cancellationToken, Guid? then = null)
    {
        var result = await action;
        if (result.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            return RedirectToPage(new { id = then ?? id });
        }

        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        Open = section;
        return await LoadAsync(id, cancellationToken);
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        View = await work.OpenAsync(id, "rhi-page", cancellationToken);
        if (work.MayAllocate)
        {
            Allocatable = await work.AllocatableAsync(cancellationToken);
        }

        if (View is not null && !ReturnInterviewRules.IsClosed(View.Interview.Status))
        {
            OtherOpen = await work.OtherOpenAsync(View.Interview, cancellationToken);
        }

        return View is null ? NotFound() : Page();
    }
}

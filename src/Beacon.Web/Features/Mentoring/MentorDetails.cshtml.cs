using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>One mentor or volunteer (issue #20 §1–§3): details, vetting, status with history, training record and
/// matches, each with its form. Mentor coordinators only; opening it is audited.</summary>
[Authorize(Policy = Policies.MentorCoordination)]
public sealed class MentorDetailsModel(MentorRegister register, MentorMatching matching, MentorTrainingSessions training) : PageModel
{
    public Mentor? Item { get; private set; }

    public IReadOnlyList<MentorStatusChange> History { get; private set; } = [];

    public IReadOnlyList<TrainingLine> Training { get; private set; } = [];

    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    public IReadOnlyList<(MentorMatch Match, string ChildReference)> Matches { get; private set; } = [];

    public LocalDate Today => register.Today;

    // Vetting
    [BindProperty] public string? DbsCheckedOn { get; set; }
    [BindProperty] public string? DbsCertificateNumber { get; set; }
    [BindProperty] public string? DbsRenewalDueOn { get; set; }
    [BindProperty] public int ReferencesReceived { get; set; }
    [BindProperty] public string? SafeguardingTrainedOn { get; set; }
    [BindProperty] public string? SafeguardingDueOn { get; set; }
    [BindProperty] public string? AgreementSignedOn { get; set; }

    // Status
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? StatusOn { get; set; }
    [BindProperty] public string? StatusReason { get; set; }

    // Training
    [BindProperty] public Guid SessionId { get; set; }
    [BindProperty] public string? Completed { get; set; }

    // Matching
    [BindProperty] public string? ChildReference { get; set; }
    [BindProperty] public string? StartedOn { get; set; }
    [BindProperty] public string? ChildAgreedOn { get; set; }
    [BindProperty] public string? CouncilAgreedOn { get; set; }
    [BindProperty] public string? CouncilAgreedBy { get; set; }
    [BindProperty] public string? Goals { get; set; }

    // Ending a match
    [BindProperty] public Guid MatchId { get; set; }
    [BindProperty] public string? EndedOn { get; set; }
    [BindProperty] public string? EndReason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostVettingAsync(Guid id, CancellationToken cancellationToken) => AfterAsync(id, "DbsCheckedOn", () => register.RecordVettingAsync(id,
        new VettingUpdate(FormDates.Parse(DbsCheckedOn), DbsCertificateNumber, FormDates.Parse(DbsRenewalDueOn), ReferencesReceived, FormDates.Parse(SafeguardingTrainedOn), FormDates.Parse(SafeguardingDueOn), FormDates.Parse(AgreementSignedOn)), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken cancellationToken) =>
        AfterAsync(id, "Status", () => register.ChangeStatusAsync(id, Status ?? string.Empty, FormDates.Parse(StatusOn), StatusReason, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostTrainingAsync(Guid id, CancellationToken cancellationToken) =>
        AfterAsync(id, "SessionId", async () => Completed is "yes" or "no" ? await training.RecordAttendanceAsync(SessionId, id, Completed == "yes", cancellationToken) : "Choose a session and whether they completed it", cancellationToken);

    public Task<IActionResult> OnPostEndMatchAsync(Guid id, CancellationToken cancellationToken) =>
        AfterAsync(id, "EndReason", () => matching.EndAsync(MatchId, FormDates.Parse(EndedOn), EndReason, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostMatchAsync(Guid id, CancellationToken cancellationToken)
    {
        var (match, errors) = await matching.MatchAsync(new NewMatch(id, ChildReference ?? string.Empty, FormDates.Parse(StartedOn), FormDates.Parse(ChildAgreedOn),
            FormDates.Parse(CouncilAgreedOn), CouncilAgreedBy, Goals), cancellationToken);
        if (match is not null)
        {
            return Redirect($"/mentoring/{id}#matches");
        }

        if (errors.Any(e => e.Message == "Not found"))
        {
            return NotFound();
        }

        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field == "MentorId" ? "ChildReference" : field, message);
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<IActionResult> AfterAsync(Guid id, string field, Func<Task<string?>> change, CancellationToken cancellationToken)
    {
        var problem = await change();
        if (problem == "Not found")
        {
            return NotFound();
        }

        if (problem is null)
        {
            return Redirect($"/mentoring/{id}");
        }

        ModelState.AddModelError(field, problem);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = await register.OpenAsync(id, cancellationToken);
        if (Item is null)
        {
            return false;
        }

        History = await register.HistoryAsync(id, cancellationToken);
        Training = await training.RecordOfAsync(id, cancellationToken);
        Sessions = [.. (await training.SessionsAsync(cancellationToken)).Where(s => s.HeldOn <= register.Today)];
        Matches = await matching.MatchesOfAsync(id, cancellationToken);
        return true;
    }
}

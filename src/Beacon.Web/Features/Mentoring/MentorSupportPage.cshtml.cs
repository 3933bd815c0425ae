using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>Support for one mentor (issue #20 §4): when supervision and wellbeing are next due, hours over the last 12
/// months, supervision sessions and wellbeing check-ins with their notes, each with its form. Mentor coordinators
/// only; opening the notes is audited.</summary>
[Authorize(Policy = Policies.MentorCoordination)]
public sealed class MentorSupportPageModel(MentorRegister register, MentorSupportRecords support) : PageModel
{
    public Mentor? Item { get; private set; }

    public SupportStanding Standing { get; private set; } = new(null, null);

    public IReadOnlyList<MonthHours> Hours { get; private set; } = [];

    public IReadOnlyList<MentorSupervision> Supervisions { get; private set; } = [];

    public IReadOnlyList<MentorWellbeingCheck> Wellbeing { get; private set; } = [];

    public LocalDate Today => support.Today;

    public MentoringOptions Intervals => support.Intervals;

    [BindProperty] public string? SupervisedOn { get; set; }
    [BindProperty] public int SupervisionMinutes { get; set; }
    [BindProperty] public string? Supervisor { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? CheckedOn { get; set; }
    [BindProperty] public int Score { get; set; }
    [BindProperty] public string? Concerns { get; set; }
    [BindProperty] public string? Actions { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostSupervisionAsync(Guid id, CancellationToken cancellationToken) =>
        AfterAsync(id, nameof(SupervisedOn), () => support.RecordSupervisionAsync(id, FormDates.Parse(SupervisedOn), SupervisionMinutes, Supervisor, Notes, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostWellbeingAsync(Guid id, CancellationToken cancellationToken) =>
        AfterAsync(id, nameof(CheckedOn), () => support.RecordWellbeingAsync(id, FormDates.Parse(CheckedOn), Score, Concerns, Actions, cancellationToken), cancellationToken);

    private async Task<IActionResult> AfterAsync(Guid id, string field, Func<Task<string?>> change, CancellationToken cancellationToken)
    {
        var problem = await change();
        if (problem == "Not found")
        {
            return NotFound();
        }

        if (problem is null)
        {
            return Redirect($"/mentoring/{id}/support");
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

        Standing = await support.StandingAsync(id, cancellationToken);
        var thisMonth = new LocalDate(Today.Year, Today.Month, 1);
        Hours = await support.HoursAsync(id, thisMonth.PlusMonths(-11), 12, cancellationToken);
        (Supervisions, Wellbeing) = await support.NotesAsync(id, cancellationToken);
        return true;
    }
}

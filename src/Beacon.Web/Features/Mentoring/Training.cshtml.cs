using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Mentoring;

/// <summary>Training for mentors and volunteers (issue #20 §2): the sessions held, adding a session, and who is due a
/// refresher (within 30 days, or lapsed). Mentor coordinators only: the refresher list names mentors.</summary>
[Authorize(Policy = Policies.MentorCoordination)]
public sealed class TrainingModel(MentorRegister register, MentorTrainingSessions training) : PageModel
{
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    public IReadOnlyList<TrainingCourse> Courses { get; private set; } = [];

    public IReadOnlyList<MentorRefresher> Refreshers { get; private set; } = [];

    [BindProperty] public Guid CourseId { get; set; }
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public int Minutes { get; set; }
    [BindProperty] public string? Trainer { get; set; }
    [BindProperty] public string? Place { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sessions = await training.SessionsAsync(cancellationToken);
        Courses = await register.CoursesAsync(cancellationToken);
        Refreshers = await training.RefreshersDueAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostSessionAsync(CancellationToken cancellationToken)
    {
        var (id, problem) = await training.AddSessionAsync(CourseId, FormDates.Parse(HeldOn), Minutes, Trainer, Place, cancellationToken);
        if (id is not null)
        {
            return Redirect($"/mentoring/training/{id}");
        }

        ModelState.AddModelError(nameof(HeldOn), problem!);
        await OnGetAsync(cancellationToken);
        return Page();
    }
}

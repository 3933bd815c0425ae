using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Mentoring;

/// <summary>One training session (issue #20 §2): who attended and whether they completed it, with a form to record a
/// mentor's attendance. Mentor coordinators only.</summary>
[Authorize(Policy = Policies.MentorCoordination)]
public sealed class TrainingSessionModel(MentorRegister register, MentorTrainingSessions training) : PageModel
{
    public TrainingSession? Session { get; private set; }

    public IReadOnlyList<(Guid MentorId, string Name, bool Completed)> Attendees { get; private set; } = [];

    public IReadOnlyList<Mentor> Mentors { get; private set; } = [];

    [BindProperty] public Guid MentorId { get; set; }
    [BindProperty] public string? Completed { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var problem = Completed is "yes" or "no" ? await training.RecordAttendanceAsync(id, MentorId, Completed == "yes", cancellationToken) : "Choose a mentor and whether they completed the session";
        if (problem is null)
        {
            return Redirect($"/mentoring/training/{id}");
        }

        ModelState.AddModelError(nameof(MentorId), problem);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Session = await training.SessionAsync(id, cancellationToken);
        if (Session is null)
        {
            return false;
        }

        Attendees = await training.AttendeesAsync(id, cancellationToken);
        Mentors = [.. (await register.ListAsync(cancellationToken)).Where(m => m.Status != Beacon.Domain.Mentoring.MentorStatus.Left)];
        return true;
    }
}

using Beacon.Domain.Mentoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Mentoring;

/// <summary>The register of mentors and volunteers with how their vetting stands, and the training courses (issue #20
/// §1, §2). Mentor coordinators only: it holds personal data of people who are not staff. The list is audited.</summary>
[Authorize(Policy = Policies.MentorCoordination)]
public sealed class MentoringIndexModel(MentorRegister register) : PageModel
{
    public IReadOnlyList<Mentor> Mentors { get; private set; } = [];

    public IReadOnlyList<TrainingCourse> Courses { get; private set; } = [];

    public NodaTime.LocalDate Today { get; private set; }

    [BindProperty]
    public string? CourseName { get; set; }

    [BindProperty]
    public string? CourseKind { get; set; }

    [BindProperty]
    public int? ValidityMonths { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = register.Today;
        Mentors = await register.ListAsync(cancellationToken);
        Courses = await register.CoursesAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCourseAsync(CancellationToken cancellationToken)
    {
        if (await register.AddCourseAsync(CourseName, CourseKind ?? string.Empty, ValidityMonths, cancellationToken) is { } problem)
        {
            ModelState.AddModelError(nameof(CourseName), problem);
            await OnGetAsync(cancellationToken);
            return Page();
        }

        return RedirectToPage();
    }

    /// <summary>How a mentor's vetting stands today, in words for the register table.</summary>
    public static string VettingText(Mentor m, NodaTime.LocalDate today)
    {
        var problems = MentorVetting.Problems(m.Vetting, today);
        if (problems.Count > 0)
        {
            return "Cannot be matched: " + string.Join("; ", problems);
        }

        var soon = new[] { ("DBS renewal", m.DbsRenewalDueOn), ("safeguarding refresher", m.SafeguardingDueOn) }
            .Where(d => d.Item2 is { } on && MentorVetting.StateOf(on, today) == DueState.DueSoon).Select(d => $"{d.Item1} due {d.Item2!.Value.ToString("d MMM yyyy", null)}").ToList();
        return soon.Count > 0 ? "Vetted; " + string.Join("; ", soon) : "Vetted";
    }
}

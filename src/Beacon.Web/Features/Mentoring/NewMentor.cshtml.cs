using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Mentoring;

/// <summary>Adds a mentor or volunteer to the register (issue #20 §1); they start as an enquiry.</summary>
[Authorize(Policy = Policies.MentorCoordination)]
public sealed class NewMentorModel(MentorRegister register) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Skills { get; set; }

    [BindProperty]
    public string? Areas { get; set; }

    [BindProperty]
    public string? Availability { get; set; }

    [BindProperty]
    public string? UserEmail { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (mentor, errors) = await register.AddAsync(new NewMentor(Name ?? string.Empty, Email, Phone, Kind ?? string.Empty, Skills, Areas, Availability, UserEmail), cancellationToken);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }

        return mentor is null ? Page() : Redirect($"/mentoring/{mentor.Id}");
    }
}

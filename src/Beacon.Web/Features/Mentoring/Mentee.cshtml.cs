using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Mentoring;

/// <summary>One mentee as their mentor sees them — name, age, the goals of the match and the mentor's contacts — and
/// the form to record a contact (issue #20 §3). A child the mentor is not currently matched to is a 404, audited as
/// denied (docs/decisions/0022).</summary>
[Authorize(Policy = Policies.Mentoring)]
public sealed class MenteeModel(MentorMatching matching) : PageModel
{
    public MenteeView? Mentee { get; private set; }

    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public int Minutes { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? SafeguardingConcern { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        (Mentee = await matching.MenteeAsync(id, "mentee-page", cancellationToken)) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var (contact, errors) = await matching.RecordContactAsync(id, new NewContact(FormDates.Parse(HeldOn), Minutes, Kind ?? string.Empty, Place, Notes, SafeguardingConcern), cancellationToken);
        if (contact is not null)
        {
            return Redirect($"/mentees/{id}");
        }

        if (errors.Any(e => e.Field == "child"))
        {
            return NotFound();
        }

        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }

        return await OnGetAsync(id, cancellationToken);
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Participation;

/// <summary>One participation event (issue #20 §5): the attending children the viewer may see by name, the rest as a
/// count. Opening it and the children shown are audited. The provider's caseworkers and mentor coordinators.</summary>
[Authorize(Policy = Policies.Participation)]
public sealed class ParticipationEventModel(ParticipationWork work) : PageModel
{
    public ParticipationEventView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        View = await work.OpenAsync(id, cancellationToken);
        return View is null ? NotFound() : Page();
    }
}

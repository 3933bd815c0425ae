using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Participation;

/// <summary>Records a participation event (issue #20 §5). The provider's caseworkers and mentor coordinators.</summary>
[Authorize(Policy = Policies.Participation)]
public sealed class NewParticipationEventModel(ParticipationWork work, ParticipationPeople people) : PageModel
{
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public List<string> Facilitators { get; set; } = [];
    [BindProperty] public string? ChildReferences { get; set; }
    [BindProperty] public string? OtherAttendees { get; set; } = "0";
    [BindProperty] public string? CoProduced { get; set; }
    [BindProperty] public string? YouSaidWeDid { get; set; }

    public IReadOnlyList<Deliverer> People { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => People = await people.ChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        int? others = int.TryParse(OtherAttendees?.Trim(), out var n) ? n : null;
        var (item, errors) = await work.RecordAsync(new NewParticipationEvent(Kind, FormDates.Parse(HeldOn), Place, Facilitators, ChildReferences, others, CoProduced, YouSaidWeDid), cancellationToken);
        if (item is null)
        {
            errors.AddTo(ModelState);
            People = await people.ChoicesAsync(cancellationToken);
            return Page();
        }

        return Redirect($"/participation/{item.Id}");
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Participation;

/// <summary>The participation events (issue #20 §5), latest first: no child is named here, only how many attended.
/// The provider's caseworkers and mentor coordinators.</summary>
[Authorize(Policy = Policies.Participation)]
public sealed class ParticipationIndexModel(ParticipationWork work) : PageModel
{
    public IReadOnlyList<ParticipationEventRow> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Events = await work.ListAsync(cancellationToken);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Participation;

/// <summary>Briefings and training delivered to partners (issue #20 §6), latest first. The provider's caseworkers and
/// mentor coordinators.</summary>
[Authorize(Policy = Policies.Participation)]
public sealed class PartnerTrainingIndexModel(PartnerTrainingWork work) : PageModel
{
    public IReadOnlyList<PartnerTrainingView> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Sessions = await work.ListAsync(cancellationToken);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Mentoring;

/// <summary>A mentor's current mentees (issue #20 §3; docs/decisions/0022), audited as a list, and their own hours by
/// month (§4).</summary>
[Authorize(Policy = Policies.Mentoring)]
public sealed class MenteesModel(MentorMatching matching, MentorSupportRecords support) : PageModel
{
    public IReadOnlyList<MenteeView> Mentees { get; private set; } = [];

    public IReadOnlyList<MonthHours> Hours { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Mentees = await matching.MyMenteesAsync(cancellationToken);
        Hours = await support.MyHoursAsync(cancellationToken);
    }
}

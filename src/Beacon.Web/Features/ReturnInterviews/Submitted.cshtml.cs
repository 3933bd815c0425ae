using Beacon.Domain.Missing;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>
/// The confirmation after an interview is submitted (issue #17 §3): what happens next — who the summary went to and
/// where it is. Reached by redirect after the post, so a refresh submits nothing; opened like the interview itself
/// (audited, not found for anyone who may not see it); an interview not completed goes back to its page.
/// </summary>
public sealed class InterviewSubmittedModel(ReturnInterviewWork work, BeaconDbContext db) : PageModel
{
    public RhiView? View { get; private set; }

    /// <summary>The organisations the summary is shared with (the responsible authority and the notifying police force).</summary>
    public IReadOnlyList<string> SharedWith { get; private set; } = [];

    public bool IndicatorsSeen { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        View = await work.OpenAsync(id, "interview-submitted", cancellationToken);
        if (View is null)
        {
            return NotFound();
        }

        if (View.Interview.Status != RhiStatus.Completed)
        {
            return Redirect($"/return-interviews/{id}");
        }

        SharedWith = await db.RhiShares.AsNoTracking().Where(s => s.ReturnInterviewId == id)
            .Join(db.Organisations, s => s.OrganisationId, o => o.Id, (s, o) => o.Name).OrderBy(n => n).ToListAsync(cancellationToken);
        IndicatorsSeen = Codes.Split(View.Interview.ExploitationIndicators).Any(x => x != "NONE");
        return Page();
    }
}

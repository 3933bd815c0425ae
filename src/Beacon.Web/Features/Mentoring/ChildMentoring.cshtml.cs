using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Mentoring;

/// <summary>A child's mentoring as the provider's staff see it (issue #20 §3): matches (current and ended, with the
/// mentor's name only) and every contact, safeguarding concerns first. Where a mentor's concern alert leads.
/// Provider caseworkers and mentor coordinators; audited.</summary>
[Authorize]
public sealed class ChildMentoringModel(BeaconDbContext db, AuditLog audit) : PageModel
{
    public Child? Item { get; private set; }

    public IReadOnlyList<MentorMatch> Matches { get; private set; } = [];

    public IReadOnlyList<MentorContact> Contacts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!Policies.IsProviderCaseworker(User) && !Policies.IsProviderUserWith(User, Beacon.Domain.Organisations.Roles.MentorCoordinator))
        {
            return Forbid();
        }

        Item = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        await audit.RecordAsync("view", "Mentoring", Item is null ? id.ToString() : $"{id}/mentoring", Item is null ? await audit.MissingOutcomeAsync<Child>(id, cancellationToken) : "allowed", cancellationToken: cancellationToken);
        if (Item is null)
        {
            return NotFound();
        }

        Matches = await db.Set<MentorMatch>().AsNoTracking().Include(m => m.Mentor).Where(m => m.ChildId == id).OrderByDescending(m => m.StartedOn).ToListAsync(cancellationToken);
        Contacts = [.. (await db.Set<MentorContact>().AsNoTracking().Where(c => c.ChildId == id).ToListAsync(cancellationToken))
            .OrderByDescending(c => c.SafeguardingConcern is not null).ThenByDescending(c => c.HeldOn).ThenByDescending(c => c.RecordedAt)];
        return Page();
    }
}

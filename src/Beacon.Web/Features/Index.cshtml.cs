using System.Security.Claims;
using Beacon.Domain.Access;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features;

/// <summary>The signed-in user's home page: their work at a glance.</summary>
public sealed class HomeModel(BeaconDbContext db, CurrentActor actor) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    public string OrganisationName { get; private set; } = string.Empty;

    public bool CanSeeChildren { get; private set; }

    public int VisibleChildren { get; private set; }

    public int AllocatedChildren { get; private set; }

    public async Task OnGetAsync()
    {
        DisplayName = User.FindFirstValue(BeaconClaims.DisplayName) ?? string.Empty;
        var organisationId = actor.OrganisationId;
        OrganisationName = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Name).SingleOrDefaultAsync() ?? string.Empty;
        CanSeeChildren = actor.Scope.Kind != ScopeKind.None;
        if (CanSeeChildren)
        {
            VisibleChildren = await db.Children.CountAsync();
            var me = actor.UserId;
            AllocatedChildren = actor.Scope.Kind == ScopeKind.MatchedChildren ? VisibleChildren : await db.Children.CountAsync(c => c.AllocatedWorkerId == me);
        }
    }
}

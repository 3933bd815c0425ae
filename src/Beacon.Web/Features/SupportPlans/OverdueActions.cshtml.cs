using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>The signed-in user's organisation's overdue safety-plan actions (issue #19 §2), of children they may see;
/// the list is audited (ids only).</summary>
public sealed class OverdueActionsModel(BeaconDbContext db, CurrentActor actor, AuditLog audit, IClock clock) : PageModel
{
    public const int Limit = 500;

    public IReadOnlyList<OverduePlanAction> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = OverduePlanActions.Query(db, actor.OrganisationId, ChildAge.DateOf(clock.GetCurrentInstant()));
        Total = await query.CountAsync(cancellationToken);
        Rows = await query.Take(Limit).ToListAsync(cancellationToken);
        await audit.RecordListAsync("SafetyPlan", "overdue-actions", Rows.Select(r => r.ChildId.ToString()).Distinct(), cancellationToken);
    }
}

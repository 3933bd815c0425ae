using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>The safety and support plan's and the family plan's services (docs/decisions/0016: one line in AddBeaconCore).</summary>
public static class SupportPlanServices
{
    public static IServiceCollection AddSupportPlans(this IServiceCollection services)
    {
        services.AddScoped<SafetyPlans>();
        return services;
    }

    /// <summary>Deletes these tables' rows of children being deleted at the end of retention (before their sessions,
    /// family members and goals).</summary>
    public static async Task DeleteForChildrenAsync(BeaconDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await db.Set<SafetyPlanAction>().IgnoreQueryFilters().Where(a => ids.Contains(a.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<SafetyPlan>().IgnoreQueryFilters().Where(p => ids.Contains(p.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<FamilyGoalProgress>().IgnoreQueryFilters().Where(p => ids.Contains(p.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<FamilySessionMember>().IgnoreQueryFilters().Where(m => ids.Contains(m.ChildId)).ExecuteDeleteAsync(cancellationToken);
    }
}

using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>An overdue action of a current safety plan, as the owner's list shows it.</summary>
public sealed record OverduePlanAction(Guid ChildId, string ChildName, string ChildReference, string Action, LocalDate DueOn);

/// <summary>
/// The owner's list of overdue safety-plan actions (issue #19 §2): actions of current plans owned by the user's
/// organisation, not done and due before today (<see cref="Beacon.Domain.Outcomes.SupportPlanRules.IsOverdue"/>, as a
/// query), of children the user may see (the access filter). The home page counts the same query.
/// </summary>
public static class OverduePlanActions
{
    public static IQueryable<OverduePlanAction> Query(BeaconDbContext db, Guid? organisationId, LocalDate today) =>
        db.Set<SafetyPlanAction>().AsNoTracking()
            .Where(a => a.IsCurrent && a.OwnerOrganisationId == organisationId && a.DoneOn == null && a.DueOn < today)
            .OrderBy(a => a.DueOn).ThenBy(a => a.Id)
            .Select(a => new OverduePlanAction(a.ChildId, a.Child!.GivenName + " " + a.Child.FamilyName, a.Child.Reference, a.Action, a.DueOn));
}

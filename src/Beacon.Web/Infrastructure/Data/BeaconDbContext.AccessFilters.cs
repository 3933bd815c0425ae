using System.Linq.Expressions;
using Beacon.Domain.Access;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Features.Mace;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Features.Missing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>
/// Who may read which rows, applied to every table in one place (docs/decisions/0004, 0016), so a feature's mapping
/// cannot forget it: every <see cref="IChildRecord"/> takes the child's rule through its <c>ChildId</c> (docs/decisions/0036) and
/// every <see cref="IPanelRecord"/> is for panel roles only. A mentor reaches a matched child's
/// <see cref="IMentoringRecord"/>s and no other record of the child (docs/decisions/0022). Named exceptions:
/// <see cref="MacePanel"/> (the panels' names and members are not confidential), <see cref="MentorMatch"/> (the rule
/// itself reads matches, so they take a rule of their own) and the records that belong to one user (alerts and import
/// runs), whose narrower rule is set below.
/// </summary>
public sealed partial class BeaconDbContext
{
    /// <summary>The name of the filter on every <see cref="IChildRecord"/> (docs/decisions/0036). Ignoring it switches it
    /// off for every child record in the whole query, not one sub-query, so only a query on the reader's own children
    /// whose only child records are those children's own may do it, with the mentor's exception applied by hand:
    /// <c>ChildRecords.WithOpenInterview</c>, and nothing else. Anything composed onto such a query must name child
    /// records only through the row's own child.</summary>
    public const string ChildRecordFilter = "child-record";

    private static readonly HashSet<Type> Unfiltered = [typeof(Child), typeof(MacePanel), typeof(MentorMatch)];

    // Read by the query filter each time a query runs (not when the context is created: a request's context can be
    // created during authentication, before the user is known).
    internal ScopeKind ScopeKind => Actor.Scope.Kind;

    internal Guid ScopeOrganisationId => Actor.Scope.OrganisationId;

    internal Guid ScopeUserId => Actor.Scope.UserId;

    // Alerts belong to one user: only they (or a system process) read them, whatever their role.
    internal bool ActorIsSystem => Actor.IsSystem;

    internal Guid ActorUserId => Actor.UserId ?? Guid.Empty;

    // Panel-only records (adults and locations of concern, the association map, meetings, actions): panel roles only.
    internal bool ActorOnPanel => Actor.IsSystem || Actor.IsOnPanel;

    private void ApplyAccessFilters(ModelBuilder builder)
    {
        builder.Entity<Child>().HasQueryFilter(ChildIsVisible());

        // Alerts and import runs belong to one user: only they (or a system process) read them, whatever their role.
        builder.Entity<Alert>().HasQueryFilter(a => ActorIsSystem || a.UserId == ActorUserId);
        builder.Entity<ImportRun>().HasQueryFilter(r => ActorIsSystem || r.UploadedById == ActorUserId);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => !e.IsOwned() && !Unfiltered.Contains(e.ClrType)).ToList())
        {
            var type = entity.ClrType;
            if (typeof(IChildRecord).IsAssignableFrom(type))
            {
                var row = Expression.Parameter(type, "row");
                var childId = Expression.Property(row, type.GetProperty(nameof(IChildRecord.ChildId))
                    ?? throw new InvalidOperationException($"{type.Name} is part of a child's record: give it a ChildId so the access rule can apply to it."));
                builder.Entity(type).HasQueryFilter(ChildRecordFilter, ThroughChild(row, childId, typeof(IMentoringRecord).IsAssignableFrom(type)));
            }
            else if (typeof(IPanelRecord).IsAssignableFrom(type))
            {
                builder.Entity(type).HasQueryFilter(Expression.Lambda(Expression.Property(Expression.Constant(this), nameof(ActorOnPanel)), Expression.Parameter(type, "row")));
            }
        }

        // Provider staff see every match; a mentor only their own current ones; partners none (docs/decisions/0022).
        builder.Entity<MentorMatch>().HasQueryFilter(m => ScopeKind == ScopeKind.AllChildren
            || (ScopeKind == ScopeKind.MatchedChildren && m.EndedOn == null && m.Mentor!.UserId == ScopeUserId));
    }

    /// <summary>The central access rule (mirrors Beacon.Domain.Access.ChildVisibility.CanSee; a test checks they agree).</summary>
    internal Expression<Func<Child, bool>> ChildIsVisible() => c =>
        ScopeKind == ScopeKind.AllChildren
        || (ScopeKind == ScopeKind.Authority && (c.ResponsibleAuthorityId == ScopeOrganisationId || c.HostAuthorityId == ScopeOrganisationId))
        || (ScopeKind == ScopeKind.PoliceForce && c.NotifyingPoliceForceId == ScopeOrganisationId)
        || (ScopeKind == ScopeKind.MatchedChildren && Set<MentorMatch>().Any(m => m.ChildId == c.Id && m.EndedOn == null && m.Mentor!.UserId == ScopeUserId));

    /// <summary>
    /// The rule for a row of a child's record (docs/decisions/0036): a reader who sees every child sees it; anyone else
    /// sees it when its child is one they may see (the <see cref="Child"/> filter above, applied by EF to the set the
    /// rule reads), and a mentor only when it is an <see cref="IMentoringRecord"/>. Written on the row's <c>ChildId</c>
    /// rather than through its <c>Child</c> navigation, so a count or list a provider asks for does not join every row
    /// to <c>children</c> just to apply the rule.
    /// </summary>
    private Expression<Func<Guid, bool>> ChildIdIsVisible(bool mentoring) => mentoring
        ? childId => ScopeKind == ScopeKind.AllChildren || Set<Child>().Any(c => c.Id == childId)
        : childId => ScopeKind == ScopeKind.AllChildren || (ScopeKind != ScopeKind.MatchedChildren && Set<Child>().Any(c => c.Id == childId));

    private LambdaExpression ThroughChild(ParameterExpression row, Expression childId, bool mentoring)
    {
        var visible = ChildIdIsVisible(mentoring);
        var body = new ReplaceParameter(visible.Parameters[0], childId).Visit(visible.Body);
        return Expression.Lambda(body, row);
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

using System.Linq.Expressions;
using Beacon.Domain.Access;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Features.Mace;
using Beacon.Web.Features.Missing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>
/// Who may read which rows, applied to every table in one place (docs/decisions/0004, 0016), so a feature's mapping
/// cannot forget it: every <see cref="IChildRecord"/> takes the child's rule through its <c>Child</c> navigation and
/// every <see cref="IPanelRecord"/> is for panel roles only. Named exceptions: <see cref="MacePanel"/> (the panels'
/// names and members are not confidential) and the records that belong to one user (alerts and import runs), whose
/// narrower rule is set below.
/// </summary>
public sealed partial class BeaconDbContext
{
    private static readonly HashSet<Type> Unfiltered = [typeof(Child), typeof(MacePanel)];

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
                var navigation = type.GetProperty(nameof(Child)) is { } property && property.PropertyType == typeof(Child)
                    ? property
                    : throw new InvalidOperationException($"{type.Name} is part of a child's record: give it a Child navigation so the access rule can apply to it.");
                var row = Expression.Parameter(type, "row");
                builder.Entity(type).HasQueryFilter(ThroughChild(row, Expression.Property(row, navigation)));
            }
            else if (typeof(IPanelRecord).IsAssignableFrom(type))
            {
                builder.Entity(type).HasQueryFilter(Expression.Lambda(Expression.Property(Expression.Constant(this), nameof(ActorOnPanel)), Expression.Parameter(type, "row")));
            }
        }
    }

    /// <summary>The central access rule (mirrors Beacon.Domain.Access.ChildVisibility.CanSee; a test checks they agree).</summary>
    internal Expression<Func<Child, bool>> ChildIsVisible() => c =>
        ScopeKind == ScopeKind.AllChildren
        || (ScopeKind == ScopeKind.Authority && (c.ResponsibleAuthorityId == ScopeOrganisationId || c.HostAuthorityId == ScopeOrganisationId))
        || (ScopeKind == ScopeKind.PoliceForce && c.NotifyingPoliceForceId == ScopeOrganisationId)
        || (ScopeKind == ScopeKind.MatchedChildren && c.MatchedMentorId == ScopeUserId);

    /// <summary>The same rule for a record that belongs to a child, applied through its <c>Child</c> navigation.</summary>
    internal Expression<Func<T, bool>> ThroughChild<T>(Expression<Func<T, Child>> child) =>
        (Expression<Func<T, bool>>)ThroughChild(child.Parameters[0], child.Body);

    private LambdaExpression ThroughChild(ParameterExpression row, Expression child)
    {
        var visible = ChildIsVisible();
        var body = new ReplaceParameter(visible.Parameters[0], child).Visit(visible.Body);
        return Expression.Lambda(body, row);
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

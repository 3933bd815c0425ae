using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.ReturnInterviews;

public sealed record WorkListRow(Guid Id, string Reference, Guid ChildId, string ChildName, string District, string? Locality, RhiStatus Status, Instant DueAt, RhiUrgency Urgency, string? AssignedTo, int Episodes, bool SpotPurchase);

// The work list and who works each interview (issue #3 §3, issue #7 §3).
public sealed partial class ReturnInterviewWork
{
    /// <summary>The most rows the work list shows at once (soonest due first); filters narrow it.</summary>
    public const int WorkListLimit = 200;

    public async Task<IReadOnlyList<WorkListRow>> WorkListAsync(string? state, string? assigned, string? locality, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var me = actor.UserId;
        var query = db.ReturnInterviews.AsNoTracking().Where(r => r.Status == RhiStatus.AwaitingOffer || r.Status == RhiStatus.Offered);
        query = assigned switch
        {
            "me" => query.Where(r => r.AssignedToId == me),
            "unassigned" => query.Where(r => r.AssignedToId == null),
            _ => query,
        };
        var soon = now + ReturnInterviewRules.DueSoonWindow;
        query = state switch
        {
            "overdue" => query.Where(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt < now),
            "due-soon" => query.Where(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt >= now && r.DueAt <= soon),
            "to-offer" => query.Where(r => r.Status == RhiStatus.AwaitingOffer),
            "waiting" => query.Where(r => r.Status == RhiStatus.Offered),
            _ => query,
        };

        var rows = await query
            .Join(db.Areas, r => r.Child!.HostDistrictCode, a => a.GssCode, (r, a) => new { r, a })
            .Where(x => locality == null || locality == "" || x.a.Locality == locality)
            .OrderBy(x => x.r.DueAt)
            .Take(WorkListLimit)
            .Select(x => new
            {
                x.r.Id,
                x.r.Reference,
                x.r.ChildId,
                Name = x.r.Child!.GivenName + " " + x.r.Child.FamilyName,
                District = x.a.Name,
                x.a.Locality,
                x.r.Status,
                x.r.DueAt,
                x.r.AssignedToId,
                Episodes = db.Episodes.Count(e => e.ReturnInterviewId == x.r.Id),
                x.r.IsSpotPurchase,
            })
            .ToListAsync(cancellationToken);
        var assignees = await Names(rows.Where(r => r.AssignedToId is not null).Select(r => r.AssignedToId!.Value), cancellationToken);
        // One audit entry for the list (issue #16 §8): the filter as understood and every interview shown (child/interview).
        static string Known(string? value, params string[] known) => value is not null && known.Contains(value) ? value : "all";
        var filter = $"state: {Known(state, "overdue", "due-soon", "to-offer", "waiting")}; assigned: {Known(assigned, "me", "unassigned")}; locality: {(string.IsNullOrEmpty(locality) ? "all" : locality.Length > 60 ? locality[..60] : locality)}";
        await audit.RecordListAsync(nameof(ReturnInterview), filter, rows.Select(r => $"{r.ChildId}/{r.Id}"), cancellationToken);
        return rows.Select(r => new WorkListRow(r.Id, r.Reference, r.ChildId, r.Name, r.District, r.Locality, r.Status, r.DueAt,
            ReturnInterviewRules.UrgencyAt(r.Status, r.DueAt, now), r.AssignedToId is { } a ? assignees.GetValueOrDefault(a) : null, r.Episodes, r.IsSpotPurchase)).ToList();
    }

    public Task<WorkResult> AssignToMeAsync(Guid id, CancellationToken cancellationToken = default) => ChangeAsync(id, null, interview =>
    {
        interview.AssignedToId = actor.UserId;
        return WorkResult.Ok;
    }, cancellationToken);

    /// <summary>Whether the signed-in user may allocate interviews to others (team and service managers).</summary>
    public bool MayAllocate => actor.IsInRole(Roles.TeamManager) || actor.IsInRole(Roles.ServiceManager);

    /// <summary>Provider caseworkers an interview may be allocated to (they can see every child), by name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> AllocatableAsync(CancellationToken cancellationToken = default)
    {
        var caseworkRoles = new[] { Roles.Practitioner, Roles.TeamManager, Roles.ServiceManager, Roles.PanelChair };
        var rows = await db.Users.AsNoTracking().Where(u => !u.IsServiceAccount)
            .Join(db.Organisations.Where(o => o.Kind == OrganisationKind.Provider), u => u.OrganisationId, o => o.Id, (u, o) => u)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && caseworkRoles.Contains(r.Name!))))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, r.DisplayName))];
    }

    /// <summary>A manager allocates the interview to a caseworker, who is alerted (issue #7 §3) in the same save.</summary>
    public async Task<WorkResult> AllocateAsync(Guid id, Guid? userId, CancellationToken cancellationToken = default)
    {
        if (!MayAllocate)
        {
            return new WorkResult([new FieldError("AllocateTo", "Only team and service managers can allocate interviews to others")]);
        }

        var allocatable = await AllocatableAsync(cancellationToken);
        if (userId is not { } to || allocatable.All(a => a.Id != to))
        {
            return new WorkResult([new FieldError("AllocateTo", "Choose who to allocate the interview to")]);
        }

        var byEmail = await alerts.WantsEmailAsync(to, Alerts.AlertKinds.RhiAssigned, cancellationToken);
        return await ChangeAsync(id, null, interview =>
        {
            if (interview.AssignedToId == to)
            {
                return WorkResult.Ok;
            }

            interview.AssignedToId = to;
            if (to != actor.UserId)
            {
                alerts.Add(new Alerts.AlertDraft(to, Alerts.AlertKinds.RhiAssigned, $"{Alerts.AlertKinds.RhiAssigned}:{interview.Id}:{to}:{interview.Version}",
                    $"Return interview {interview.Reference} allocated to you", $"/return-interviews/{interview.Id}"), byEmail);
            }

            return WorkResult.Ok;
        }, cancellationToken);
    }
}

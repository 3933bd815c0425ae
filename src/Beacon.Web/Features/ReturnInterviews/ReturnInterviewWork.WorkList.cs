using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.ReturnInterviews;

public sealed record WorkListRow(Guid Id, string Reference, Guid ChildId, string ChildName, string ChildReference, string District, string? Locality, RhiStatus Status, Instant DueAt, RhiUrgency Urgency, string? AssignedTo, int Episodes, bool SpotPurchase);

/// <summary>An open interview as the work list sorts and pages it (a class, so the database sorts on its members).</summary>
public sealed class WorkListItem
{
    public Guid Id { get; init; }

    public string Reference { get; init; } = string.Empty;

    public Guid ChildId { get; init; }

    public string GivenName { get; init; } = string.Empty;

    public string FamilyName { get; init; } = string.Empty;

    public string ChildReference { get; init; } = string.Empty;

    public string District { get; init; } = string.Empty;

    public string? Locality { get; init; }

    public RhiStatus Status { get; init; }

    public Instant DueAt { get; init; }

    public Guid? AssignedToId { get; init; }

    public string? AssignedTo { get; init; }

    public bool IsSpotPurchase { get; init; }
}

// The work list and who works each interview (issue #3 §3, issue #7 §3, issue #17 §2).
public sealed partial class ReturnInterviewWork
{
    /// <summary>The most rows the API's work list returns at once (soonest due first); filters narrow it.</summary>
    public const int WorkListLimit = 200;

    /// <summary>Rows on one page of the work list page.</summary>
    public const int WorkListPageSize = 50;

    /// <summary>The work list's sort keys (issue #17 §2); soonest due first by default. A child is sorted by family then
    /// given name, and a state by when it is due, so the database's indexes on those columns serve the first page.</summary>
    public static readonly SortKeys<WorkListItem> WorkListSorts = new SortKeys<WorkListItem>("due", false, q => q.ThenBy(r => r.Id))
        .Add("child", r => r.FamilyName, r => r.GivenName)
        .Add("district", r => r.District)
        .Add("due", r => r.DueAt)
        .Add("state", r => r.Status, r => r.DueAt)
        .Add("assigned", r => r.AssignedTo == null, r => r.AssignedTo); // nobody last (first in reverse) on both databases

    /// <summary>The work list's states, as its filter takes them (page, API and audit entry).</summary>
    public static readonly string[] WorkListStates = ["overdue", "due-soon", "to-offer", "waiting"];

    /// <summary>The localities the work list can be filtered to (the areas' reference data), by name.</summary>
    public Task<List<string>> LocalitiesAsync(CancellationToken cancellationToken = default) =>
        db.Areas.Where(a => a.Locality != null).Select(a => a.Locality!).Distinct().OrderBy(l => l).ToListAsync(cancellationToken);

    /// <summary>The open interviews the filters choose: state overdue, due-soon, to-offer or waiting; assigned me,
    /// unassigned or a user's id (managers, by worker); a locality. The home page's counts count these rows.</summary>
    public IQueryable<ReturnInterview> WorkListRows(string? state, string? assigned, string? locality)
    {
        var now = clock.GetCurrentInstant();
        var me = actor.UserId;
        var query = db.ReturnInterviews.AsNoTracking().Where(r => r.Status == RhiStatus.AwaitingOffer || r.Status == RhiStatus.Offered);
        Guid? worker = Guid.TryParse(assigned, out var id) ? id : null;
        query = assigned switch
        {
            "me" => query.Where(r => r.AssignedToId == me),
            "unassigned" => query.Where(r => r.AssignedToId == null),
            _ when worker is not null => query.Where(r => r.AssignedToId == worker),
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

        return string.IsNullOrEmpty(locality) ? query
            : query.Where(r => db.Children.Any(c => c.Id == r.ChildId && db.Areas.Any(a => a.GssCode == c.HostDistrictCode && a.Locality == locality)));
    }

    /// <summary>What the work list shows of each interview: its child, district and worker (joined on required keys, so
    /// every row is kept; the worker through an outer join, which sorts without a look-up per row).</summary>
    public IQueryable<WorkListItem> WorkListItems(IQueryable<ReturnInterview> rows) =>
        from r in rows
        join c in db.Children on r.ChildId equals c.Id
        join a in db.Areas on c.HostDistrictCode equals a.GssCode
        join u in db.Users on r.AssignedToId equals u.Id into workers
        from u in workers.DefaultIfEmpty()
        select new WorkListItem
        {
            Id = r.Id,
            Reference = r.Reference,
            ChildId = r.ChildId,
            GivenName = c.GivenName,
            FamilyName = c.FamilyName,
            ChildReference = c.Reference,
            District = a.Name,
            Locality = a.Locality,
            Status = r.Status,
            DueAt = r.DueAt,
            AssignedToId = r.AssignedToId,
            AssignedTo = u == null ? null : u.DisplayName,
            IsSpotPurchase = r.IsSpotPurchase,
        };

    /// <summary>One page of the work list, sorted as asked (an unknown sort is soonest due first); audited once with the
    /// interviews shown.</summary>
    public async Task<ListPage<WorkListRow>> WorkListAsync(string? state, string? assigned, string? locality, ListRequest list, int pageSize, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var page = await WorkListSorts.PageAsync(WorkListRows(state, assigned, locality), WorkListItems, list, pageSize, cancellationToken);
        var ids = page.Rows.Select(r => r.Id).ToList();
        var episodes = await db.Episodes.AsNoTracking().Where(e => e.ReturnInterviewId != null && ids.Contains(e.ReturnInterviewId.Value))
            .GroupBy(e => e.ReturnInterviewId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        // One audit entry for the list (issue #16 §8): the filter as understood and every interview shown (child/interview).
        static string Known(string? value, params string[] known) => value is not null && (known.Contains(value) || Guid.TryParse(value, out _)) ? value : "all";
        var filter = $"state: {Known(state, WorkListStates)}; assigned: {Known(assigned, "me", "unassigned")}; locality: {(string.IsNullOrEmpty(locality) ? "all" : locality.Length > 60 ? locality[..60] : locality)}; sort: {page.Sort}{(page.Descending ? " desc" : "")}; page: {page.PageNumber}";
        await audit.RecordListAsync(nameof(ReturnInterview), filter, page.Rows.Select(r => $"{r.ChildId}/{r.Id}"), cancellationToken);
        return page.With<WorkListRow>([.. page.Rows.Select(r => new WorkListRow(r.Id, r.Reference, r.ChildId, r.GivenName + " " + r.FamilyName, r.ChildReference, r.District, r.Locality, r.Status, r.DueAt,
            ReturnInterviewRules.UrgencyAt(r.Status, r.DueAt, now), r.AssignedTo, episodes.GetValueOrDefault(r.Id), r.IsSpotPurchase))]);
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

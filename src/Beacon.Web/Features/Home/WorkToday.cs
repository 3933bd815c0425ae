using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Children;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.RepeatMissing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Features.Sharing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Home;

/// <summary>A number on the home page that needs action, and the filtered list it counts (the same query, so the same
/// access filter and the same rows).</summary>
public sealed record WorkCount(string Id, string Label, int Count, string Link);

/// <summary>Open interviews allocated to one worker (managers' view of the team's load).</summary>
public sealed record WorkerCount(Guid WorkerId, string Name, int Open, int Overdue)
{
    public string Link => $"/return-interviews?assigned={WorkerId}";
}

/// <summary>A commissioner's headline figure: this quarter so far against the whole of last quarter.</summary>
public sealed record Headline(string Label, int ThisQuarter, int LastQuarter, string Link);

/// <summary>The signed-in user's work today (issue #17 §1), by role: provider caseworkers' RHIs, repeat-missing meetings
/// and actions, referrals and panel agendas; councils' children with open interviews and new summaries; police forces' new summaries; commissioners'
/// headline figures. Every count is the count of the list it links to, through the same access filter.</summary>
public sealed class WorkToday(BeaconDbContext db, CurrentActor actor, IClock clock, ReturnInterviewWork rhis)
{
    public async Task<IReadOnlyList<WorkCount>> ProviderCountsAsync(CancellationToken cancellationToken = default)
    {
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var counts = new List<WorkCount>();
        async Task Add<T>(string id, string label, IQueryable<T> query, string link) => counts.Add(new WorkCount(id, label, await query.CountAsync(cancellationToken), link));
        await Add("rhi-overdue", "return interviews overdue", rhis.WorkListRows("overdue", null, null), "/return-interviews?state=overdue");
        await Add("rhi-due-soon", "return interviews due within 12 hours", rhis.WorkListRows("due-soon", null, null), "/return-interviews?state=due-soon");
        await Add("rhi-to-offer", "return interviews to offer", rhis.WorkListRows("to-offer", null, null), "/return-interviews?state=to-offer");
        await Add("rhi-unallocated", "open return interviews with nobody assigned", rhis.WorkListRows(null, "unassigned", null), "/return-interviews?assigned=unassigned");
        await Add("rhi-mine", "open return interviews assigned to you", rhis.WorkListRows(null, "me", null), "/return-interviews?assigned=me");
        await Add("meetings-due", "repeat-missing meetings needed", RepeatMissingLists.Meetings(db, today, overdueOnly: false), "/repeat-missing");
        await Add("meetings-overdue", "repeat-missing meetings overdue", RepeatMissingLists.Meetings(db, today, overdueOnly: true), "/repeat-missing?show=overdue");
        await Add("actions-overdue", "meeting actions overdue", RepeatMissingLists.OverdueActions(db, today), "/repeat-missing?show=actions");
        await Add("referrals-waiting", "referrals waiting for a key worker", ReferralList.Query(db, today, "key-work", null, "no", null), "/referrals?pathway=key-work&allocated=no");
        await Add("reassessments-due", "reassessments due", ReferralList.Query(db, today, null, null, null, "due"), "/referrals?reassessment=due");
        return counts;
    }

    /// <summary>Each panel's agenda: open referrals waiting for it and its next scheduled meeting.</summary>
    public async Task<IReadOnlyList<(WorkCount Count, LocalDate? NextMeeting)>> PanelAgendasAsync(CancellationToken cancellationToken = default)
    {
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var panels = await db.MacePanels.AsNoTracking().OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(cancellationToken);
        var next = await db.PanelMeetings.AsNoTracking().Where(m => m.Status == Mace.PanelMeeting.Scheduled && m.MeetingOn >= today)
            .GroupBy(m => m.Panel).Select(g => new { g.Key, Next = g.Min(m => m.MeetingOn) }).ToDictionaryAsync(x => x.Key, x => x.Next, cancellationToken);
        var agendas = new List<(WorkCount, LocalDate?)>();
        foreach (var panel in panels)
        {
            var count = await ReferralList.Query(db, today, "panel", panel, null, null).CountAsync(cancellationToken);
            agendas.Add((new WorkCount($"panel-{Reports.ReturnChart.Slug(panel)}", $"on the {panel} panel's agenda", count, $"/referrals?pathway=panel&panel={Uri.EscapeDataString(panel)}"),
                next.TryGetValue(panel, out var on) ? on : null));
        }

        return agendas;
    }

    /// <summary>Open interviews by assigned worker, most overdue first (team and service managers).</summary>
    public async Task<IReadOnlyList<WorkerCount>> ByWorkerAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        // The work list's own rows, grouped, then the few workers' names: not the list's joins to children and areas.
        var rows = await rhis.WorkListRows(null, null, null).Where(r => r.AssignedToId != null)
            .GroupBy(r => r.AssignedToId!.Value)
            .Select(g => new { Worker = g.Key, Open = g.Count(), Overdue = g.Count(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt < now) })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Worker).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return [.. rows.Select(r => new WorkerCount(r.Worker, names.GetValueOrDefault(r.Worker) ?? "Unknown user", r.Open, r.Overdue)).OrderByDescending(r => r.Overdue).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>A council's children with an open return interview, and summaries shared with it not yet opened.</summary>
    public async Task<IReadOnlyList<WorkCount>> CouncilCountsAsync(CancellationToken cancellationToken = default) =>
    [
        new("children-open-rhi", "of your children have an open return interview", await ChildRecords.WithOpenInterview(db, db.Children.AsNoTracking()).CountAsync(cancellationToken), "/children?rhi=open"),
        await NewSummariesAsync(cancellationToken),
    ];

    /// <summary>Summaries shared with the user's organisation (a council or police force) that nobody there has opened.</summary>
    public async Task<WorkCount> NewSummariesAsync(CancellationToken cancellationToken = default) =>
        new("summaries-new", "new return interview summaries", await SharedSummaries.Query(db, actor.OrganisationId, newOnly: true).CountAsync(cancellationToken), "/summaries?show=new");

    /// <summary>Overdue safety-plan actions owned by the user's organisation (issue #19 §2), of children they may see.</summary>
    public async Task<WorkCount> PlanActionsAsync(CancellationToken cancellationToken = default) =>
        new("plan-actions-overdue", "safety plan actions overdue", await SupportPlans.OverduePlanActions.Query(db, actor.OrganisationId, ChildAge.DateOf(clock.GetCurrentInstant())).CountAsync(cancellationToken), "/safety-plans/overdue-actions");

    /// <summary>Headline figures for commissioners: this quarter so far against last quarter (London dates).</summary>
    public async Task<(ReportingPeriod This, ReportingPeriod Last, IReadOnlyList<Headline> Figures)> HeadlinesAsync(CancellationToken cancellationToken = default)
    {
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var year = FinancialYear.Of(today);
        var quarter = FinancialYear.QuarterOf(today);
        var current = FinancialYear.Quarter(year, quarter);
        var last = quarter == 1 ? FinancialYear.Quarter(year - 1, 4) : FinancialYear.Quarter(year, quarter - 1);
        var episodes = db.Episodes.IgnoreQueryFilters().AsNoTracking();
        var interviews = db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking();
        var referrals = db.Referrals.IgnoreQueryFilters().AsNoTracking();
        async Task<(int, int)> Both(Func<ReportingPeriod, Task<int>> count) => (await count(current), await count(last));
        var notified = await Both(p => episodes.CountAsync(e => e.NotifiedAt >= p.StartInstant && e.NotifiedAt < p.EndInstant, cancellationToken));
        var children = await Both(p => episodes.Where(e => e.NotifiedAt >= p.StartInstant && e.NotifiedAt < p.EndInstant).Select(e => e.ChildId).Distinct().CountAsync(cancellationToken));
        var completed = await Both(p => interviews.CountAsync(r => r.Status == RhiStatus.Completed && r.ClosedAt >= p.StartInstant && r.ClosedAt < p.EndInstant, cancellationToken));
        var received = await Both(p => referrals.CountAsync(r => r.ReceivedOn >= p.Start && r.ReceivedOn < p.EndExclusive, cancellationToken));
        return (current, last,
        [
            new("Missing and absent episodes notified", notified.Item1, notified.Item2, $"/reports/missing?year={year}"),
            new("Children notified missing or absent", children.Item1, children.Item2, $"/reports/missing?year={year}"),
            new("Return interviews completed", completed.Item1, completed.Item2, $"/reports/missing?year={year}"),
            new("Exploitation referrals received", received.Item1, received.Item2, $"/reports/exploitation?year={year}"),
        ]);
    }

    public static bool IsManager(System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Roles.TeamManager) || user.IsInRole(Roles.ServiceManager);

    /// <summary>Commissioners and analysts: aggregate figures, no child records.</summary>
    public static bool SeesHeadlines(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Analyst) || user.FindFirst(BeaconClaims.OrganisationKind)?.Value == nameof(OrganisationKind.Commissioner);
}

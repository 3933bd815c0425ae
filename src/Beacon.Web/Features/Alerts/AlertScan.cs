using Beacon.Domain.Access;
using Beacon.Domain.Missing;
using Beacon.Web.Features.RepeatMissing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Alerts;

/// <summary>
/// Raises the alerts that follow from the state of the records (issue #7 §3): new notifications in a user's team
/// area, RHI offers due within 12 hours or overdue, RHIs still open when the 14-day engagement window ends, children
/// crossing a repeat-missing threshold, agreed actions due or overdue, exploitation risk reassessments due. It runs as a recurring job (once across instances, ADR 11) and keys each alert uniquely, so a repeated
/// run adds nothing. Who is told: the RHI's allocated worker if there is one, otherwise everyone whose team covers the
/// child's district; never a user who could not open the child's record. Historic records (an import of past years)
/// raise nothing: only notifications received in the last day for a child back within the last week, and overdue
/// offers and actions of the last week and month, count.
/// </summary>
public sealed class AlertScan(BeaconDbContext db, AlertWriter writer, IOptions<AlertOptions> options, IOptions<Outcomes.OutcomeOptions> outcomeOptions) : IRecurringJob
{
    private static readonly Duration DueSoonWindow = Duration.FromHours(12);

    public string Name => "alert-scan";

    public Duration Interval => Duration.FromSeconds(Math.Max(1, options.Value.ScanSeconds));

    private sealed record ChildFacts(Guid Id, string Reference, string District, Guid? AllocatedWorkerId, ChildAccessFacts Access);

    public async Task<string> RunAsync(Instant now, CancellationToken cancellationToken)
    {
        var recipients = await writer.RecipientsAsync(cancellationToken);
        var localities = (await db.Areas.AsNoTracking().Where(a => a.Locality != null).Select(a => new { a.GssCode, a.Locality }).ToListAsync(cancellationToken))
            .ToDictionary(a => a.GssCode, a => a.Locality!);
        var drafts = new List<AlertDraft>();

        IEnumerable<AlertRecipient> Team(ChildFacts child) => localities.TryGetValue(child.District, out var locality)
            ? recipients.Where(r => r.Locality == locality && r.MaySee(child.Access))
            : [];

        IEnumerable<AlertRecipient> Allocated(Guid? userId, ChildFacts child) => recipients.Where(r => r.UserId == userId && r.MaySee(child.Access));

        IEnumerable<AlertRecipient> TeamAndWorker(ChildFacts child) => Team(child).Concat(Allocated(child.AllocatedWorkerId, child)).DistinctBy(r => r.UserId);

        // New notifications.
        var newEpisodes = await db.Episodes.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.CreatedAt >= now - Duration.FromDays(1) && e.ReturnedAt >= now - Duration.FromDays(7))
            .Select(e => new { e.Id, e.ChildId, e.ReturnInterviewId }).ToListAsync(cancellationToken);
        var children = await ChildrenAsync(newEpisodes.Select(e => e.ChildId), cancellationToken);
        foreach (var episode in newEpisodes)
        {
            var child = children[episode.ChildId];
            var link = episode.ReturnInterviewId is { } rhi ? $"/return-interviews/{rhi}" : $"/children/{child.Id}";
            drafts.AddRange(Team(child).Select(r => new AlertDraft(r.UserId, AlertKinds.NewNotification, $"{AlertKinds.NewNotification}:{episode.Id}:{r.UserId}",
                $"New missing notification for child {child.Reference}", link)));
        }

        // RHI offers due within 12 hours, and overdue.
        var open = await db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt <= now + DueSoonWindow && r.DueAt >= now - Duration.FromDays(7))
            .Select(r => new { r.Id, r.Reference, r.ChildId, r.DueAt, r.AssignedToId }).ToListAsync(cancellationToken);
        children = await ChildrenAsync(open.Select(r => r.ChildId), cancellationToken);
        foreach (var rhi in open)
        {
            var child = children[rhi.ChildId];
            var overdue = rhi.DueAt < now;
            var kind = overdue ? AlertKinds.RhiOverdue : AlertKinds.RhiDueSoon;
            var title = overdue ? $"Return interview {rhi.Reference}: offer overdue" : $"Return interview {rhi.Reference}: offer due within 12 hours";
            var who = rhi.AssignedToId is null ? Team(child) : Allocated(rhi.AssignedToId, child);
            drafts.AddRange(who.Select(r => new AlertDraft(r.UserId, kind, $"{kind}:{rhi.Id}:{r.UserId}", title, $"/return-interviews/{rhi.Id}")));
        }

        // Still open 14 days after the return: the engagement window has ended, so the outcome needs recording.
        var stale = await db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking()
            .Where(r => (r.Status == RhiStatus.AwaitingOffer || r.Status == RhiStatus.Offered)
                && r.FirstReturnedAt <= now - ReturnInterviewRules.EngagementWindow && r.FirstReturnedAt >= now - Duration.FromDays(30))
            .Select(r => new { r.Id, r.Reference, r.ChildId, r.AssignedToId }).ToListAsync(cancellationToken);
        children = await ChildrenAsync(stale.Select(r => r.ChildId), cancellationToken);
        foreach (var rhi in stale)
        {
            var child = children[rhi.ChildId];
            var who = rhi.AssignedToId is null ? Team(child) : Allocated(rhi.AssignedToId, child);
            drafts.AddRange(who.Select(r => new AlertDraft(r.UserId, AlertKinds.RhiNoContact, $"{AlertKinds.RhiNoContact}:{rhi.Id}:{r.UserId}",
                $"Return interview {rhi.Reference}: 14 days since the return, record the outcome or close for no contact", $"/return-interviews/{rhi.Id}")));
        }

        // Children crossing a repeat-missing threshold.
        var meetings = await db.InterventionMeetings.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.CreatedAt >= now - Duration.FromDays(1))
            .Select(m => new { m.Id, m.ChildId, m.Level }).ToListAsync(cancellationToken);
        children = await ChildrenAsync(meetings.Select(m => m.ChildId), cancellationToken);
        foreach (var meeting in meetings)
        {
            var child = children[meeting.ChildId];
            drafts.AddRange(TeamAndWorker(child)
                .Select(r => new AlertDraft(r.UserId, AlertKinds.RepeatMissing, $"{AlertKinds.RepeatMissing}:{meeting.Id}:{r.UserId}",
                    $"Child {child.Reference} reached {meeting.Level} missing episodes in 90 days: intervention meeting needed", $"/repeat-missing/{meeting.Id}")));
        }

        // Agreed actions due tomorrow or today, and overdue (last 30 days).
        var today = now.InZone(ChildAge.London).Date;
        var actions = await db.MeetingActions.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Status == MeetingAction.Open && a.DueOn <= today.PlusDays(1) && a.DueOn >= today.PlusDays(-30))
            .Select(a => new { a.Id, a.ChildId, a.DueOn }).ToListAsync(cancellationToken);
        children = await ChildrenAsync(actions.Select(a => a.ChildId), cancellationToken);
        foreach (var action in actions)
        {
            var child = children[action.ChildId];
            var overdue = action.DueOn < today;
            var kind = overdue ? AlertKinds.ActionOverdue : AlertKinds.ActionDue;
            var title = overdue ? $"Agreed action for child {child.Reference} is overdue" : $"Agreed action for child {child.Reference} is due {(action.DueOn == today ? "today" : "tomorrow")}";
            drafts.AddRange(TeamAndWorker(child)
                .Select(r => new AlertDraft(r.UserId, kind, $"{kind}:{action.Id}:{r.UserId}", title, $"/repeat-missing/actions/{action.Id}")));
        }

        // MACE disruption actions due tomorrow or today, and overdue (last 30 days): to panel chairs, who run the panels.
        // The title names the panel only: a disruption action may be about an adult, and a chair may not see the child.
        var chairs = recipients.Where(r => r.Roles.Contains(Beacon.Domain.Organisations.Roles.PanelChair)
            && r.OrganisationKind is Beacon.Domain.Organisations.OrganisationKind.Provider or Beacon.Domain.Organisations.OrganisationKind.LocalAuthority or Beacon.Domain.Organisations.OrganisationKind.Police).ToList();
        var disruption = await db.DisruptionActions.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Status == Mace.DisruptionAction.Open && a.DueOn <= today.PlusDays(1) && a.DueOn >= today.PlusDays(-30))
            .Select(a => new { a.Id, a.MeetingId, a.Panel, a.DueOn }).ToListAsync(cancellationToken);
        foreach (var action in disruption)
        {
            var overdue = action.DueOn < today;
            var kind = overdue ? AlertKinds.ActionOverdue : AlertKinds.ActionDue;
            var title = overdue ? $"A {action.Panel} MACE disruption action is overdue" : $"A {action.Panel} MACE disruption action is due {(action.DueOn == today ? "today" : "tomorrow")}";
            drafts.AddRange(chairs.Select(r => new AlertDraft(r.UserId, kind, $"{kind}:mace:{action.Id}:{r.UserId}", title, $"/mace/meetings/{action.MeetingId}#action-{action.Id}")));
        }

        // Exploitation risk reassessments due tomorrow, today or in the last 30 days.
        var reassessments = await db.Referrals.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Status == Exploitation.Referral.Open && r.ReassessmentDueOn != null && r.ReassessmentDueOn <= today.PlusDays(1) && r.ReassessmentDueOn >= today.PlusDays(-30))
            .Select(r => new { r.Id, r.Reference, r.ChildId, r.ReassessmentDueOn }).ToListAsync(cancellationToken);
        children = await ChildrenAsync(reassessments.Select(r => r.ChildId), cancellationToken);
        foreach (var referral in reassessments)
        {
            var child = children[referral.ChildId];
            drafts.AddRange(TeamAndWorker(child)
                .Select(r => new AlertDraft(r.UserId, AlertKinds.ReassessmentDue, $"{AlertKinds.ReassessmentDue}:{referral.Id}:{referral.ReassessmentDueOn:yyyy-MM-dd}:{r.UserId}",
                    $"Referral {referral.Reference}: risk reassessment due {referral.ReassessmentDueOn!.Value.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}", $"/referrals/{referral.Id}")));
        }

        // Outcome review readings (issue #19 §1) due tomorrow, today or in the last 30 days, for children in open key work:
        // to the key worker, or the team and allocated worker when there is none.
        var weeks = Math.Max(1, outcomeOptions.Value.ReviewWeeks);
        var (readFrom, readTo) = (today.PlusDays(-30).PlusWeeks(-weeks), today.PlusDays(1).PlusWeeks(-weeks));
        var lastReadings = (await db.Set<Outcomes.OutcomeReading>().IgnoreQueryFilters().AsNoTracking().Where(r => r.TakenOn >= readFrom)
                .Select(r => new { r.ChildId, r.TakenOn }).ToListAsync(cancellationToken))
            .GroupBy(r => r.ChildId).Select(g => (ChildId: g.Key, Latest: g.Max(r => r.TakenOn))).Where(g => g.Latest <= readTo).ToList();
        var ids = lastReadings.Select(r => r.ChildId).ToList();
        var keyWorkers = (await db.Referrals.IgnoreQueryFilters().AsNoTracking().Where(r => r.Status == Exploitation.Referral.Open && ids.Contains(r.ChildId))
            .Select(r => new { r.ChildId, r.KeyWorkerId }).ToListAsync(cancellationToken)).ToLookup(r => r.ChildId, r => r.KeyWorkerId);
        children = await ChildrenAsync(lastReadings.Where(r => keyWorkers.Contains(r.ChildId)).Select(r => r.ChildId), cancellationToken);
        foreach (var (childId, latest) in lastReadings.Where(r => keyWorkers.Contains(r.ChildId)))
        {
            var child = children[childId];
            var due = Beacon.Domain.Outcomes.OutcomeMeasure.ReviewDueOn(latest, weeks);
            var workers = keyWorkers[childId].Where(w => w is not null).ToList();
            var who = workers.Count > 0 ? workers.SelectMany(w => Allocated(w, child)).DistinctBy(r => r.UserId) : TeamAndWorker(child);
            drafts.AddRange(who.Select(r => new AlertDraft(r.UserId, AlertKinds.OutcomeReviewDue, $"{AlertKinds.OutcomeReviewDue}:{childId}:{due:yyyy-MM-dd}:{r.UserId}",
                $"Child {child.Reference}: outcome review reading due {due.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}", $"/children/{childId}/outcomes")));
        }

        var added = await writer.AddNewAsync(drafts, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return $"{drafts.Count} alerts due, {added} new";
    }

    private async Task<Dictionary<Guid, ChildFacts>> ChildrenAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, ChildFacts>();
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var rows = await db.Children.IgnoreQueryFilters().AsNoTracking().Where(c => chunk.Contains(c.Id))
                .Select(c => new { c.Id, c.Reference, c.HostDistrictCode, c.AllocatedWorkerId, c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId, c.MatchedMentorId })
                .ToListAsync(cancellationToken);
            foreach (var c in rows)
            {
                result[c.Id] = new ChildFacts(c.Id, c.Reference, c.HostDistrictCode, c.AllocatedWorkerId,
                    new ChildAccessFacts(c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId, c.MatchedMentorId));
            }
        }

        return result;
    }
}

using Beacon.Domain.Mentoring;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>
/// Alerts the provider's mentor coordinators when a mentor's DBS renewal or safeguarding refresher is due within 30
/// days, and again when it has lapsed (issue #20 §1). Once each (ADR 12): the key holds the mentor, the due date and
/// whether it is due or lapsed, so a renewal recorded later raises a new alert when that one falls due. Mentors who
/// have left are not checked. It also alerts them when an active mentor's supervision or wellbeing check-in is overdue
/// (issue #20 §4, <see cref="MentorSupport"/>), once per due date. Titles name no one: alerts are emailed.
/// </summary>
public sealed class MentorVettingScan(BeaconDbContext db, AlertWriter writer, IOptions<MentoringOptions> options) : IRecurringJob
{
    public const string DueAlert = "mentor-vetting-due";
    public const string LapsedAlert = "mentor-vetting-lapsed";
    public const string SupervisionOverdueAlert = "mentor-supervision-overdue";
    public const string WellbeingOverdueAlert = "mentor-wellbeing-overdue";

    public string Name => "mentor-vetting-scan";

    public Duration Interval => Duration.FromHours(1);

    public async Task<string> RunAsync(Instant now, CancellationToken cancellationToken)
    {
        var today = now.InZone(Beacon.Domain.Missing.ChildAge.London).Date;
        var coordinators = (await writer.RecipientsAsync(cancellationToken))
            .Where(r => r.OrganisationKind == OrganisationKind.Provider && r.Roles.Contains(Roles.MentorCoordinator)).ToList();
        var horizon = today.PlusDays(MentorVetting.DueSoonDays);
        var mentors = await db.Set<Mentor>().AsNoTracking()
            .Where(m => m.Status != MentorStatus.Left && (m.DbsRenewalDueOn <= horizon || m.SafeguardingDueOn <= horizon))
            .Select(m => new { m.Id, m.DbsRenewalDueOn, m.SafeguardingDueOn }).ToListAsync(cancellationToken);
        var drafts = new List<AlertDraft>();
        foreach (var mentor in mentors)
        {
            foreach (var (what, due) in new[] { ("DBS renewal", mentor.DbsRenewalDueOn), ("safeguarding refresher", mentor.SafeguardingDueOn) })
            {
                if (due is not { } on || MentorVetting.StateOf(on, today) == DueState.Current)
                {
                    continue;
                }

                var lapsed = MentorVetting.StateOf(on, today) == DueState.Lapsed;
                var kind = lapsed ? LapsedAlert : DueAlert;
                var date = on.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
                var title = lapsed ? $"A mentor's {what} lapsed on {date}: they cannot be matched" : $"A mentor's {what} is due on {date}";
                drafts.AddRange(coordinators.Select(c => new AlertDraft(c.UserId, kind, $"{kind}:{mentor.Id}:{what}:{on:yyyy-MM-dd}:{c.UserId}", title, $"/mentoring/{mentor.Id}")));
            }
        }

        drafts.AddRange(await SupportOverdueAsync(today, coordinators.Select(c => c.UserId).ToList(), cancellationToken));
        var added = await writer.AddNewAsync(drafts, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return $"{drafts.Count} mentor vetting and support alerts due, {added} new";
    }

    private async Task<List<AlertDraft>> SupportOverdueAsync(LocalDate today, IReadOnlyList<Guid> coordinators, CancellationToken cancellationToken)
    {
        var mentors = await db.Set<Mentor>().AsNoTracking().Where(m => m.Status == MentorStatus.Active).Select(m => new
        {
            m.Id,
            m.CreatedAt,
            Changes = db.Set<MentorStatusChange>().Where(s => s.MentorId == m.Id).OrderBy(s => s.RecordedAt).Select(s => new StatusOn(s.ChangedOn, s.Status)).ToList(),
            Supervised = db.Set<MentorSupervision>().Where(s => s.MentorId == m.Id && s.HeldOn <= today).Max(s => (LocalDate?)s.HeldOn),
            Checked = db.Set<MentorWellbeingCheck>().Where(s => s.MentorId == m.Id && s.HeldOn <= today).Max(s => (LocalDate?)s.HeldOn),
        }).ToListAsync(cancellationToken);
        var drafts = new List<AlertDraft>();
        foreach (var m in mentors)
        {
            var since = m.Changes.Count == 0 ? m.CreatedAt.InZone(Beacon.Domain.Missing.ChildAge.London).Date : MentorCensus.ActiveSince(m.Changes, today);
            if (since is not { } active)
            {
                continue;
            }

            foreach (var (kind, what, last, weeks) in new[] { (SupervisionOverdueAlert, "supervision", m.Supervised, options.Value.SupervisionWeeks), (WellbeingOverdueAlert, "wellbeing check-in", m.Checked, options.Value.WellbeingWeeks) })
            {
                if (MentorSupport.OverdueOn(last, active, weeks, today))
                {
                    var due = MentorSupport.DueOn(last, active, weeks);
                    var title = $"A mentor's {what} is overdue (due {due.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)})";
                    drafts.AddRange(coordinators.Select(c => new AlertDraft(c, kind, $"{kind}:{m.Id}:{due:yyyy-MM-dd}:{c}", title, $"/mentoring/{m.Id}/support")));
                }
            }
        }

        return drafts;
    }
}

using Beacon.Domain.Mentoring;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>
/// Alerts the provider's mentor coordinators when a mentor's DBS renewal or safeguarding refresher is due within 30
/// days, and again when it has lapsed (issue #20 §1). Once each (ADR 12): the key holds the mentor, the due date and
/// whether it is due or lapsed, so a renewal recorded later raises a new alert when that one falls due. Mentors who
/// have left are not checked. Titles name no one: alerts are emailed.
/// </summary>
public sealed class MentorVettingScan(BeaconDbContext db, AlertWriter writer) : IRecurringJob
{
    public const string DueAlert = "mentor-vetting-due";
    public const string LapsedAlert = "mentor-vetting-lapsed";

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

        var added = await writer.AddNewAsync(drafts, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return $"{drafts.Count} mentor vetting alerts due, {added} new";
    }
}

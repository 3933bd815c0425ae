using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

public sealed record PanelRow(string Name, string Slug, string? Chair, IReadOnlyList<string> Districts, int Children, LocalDate? NextMeeting, int OpenActions, int OverdueActions);

/// <summary>The MACE panels (issue #5 §2): who chairs each, the districts it covers, the children waiting on its
/// agenda, its next meeting and its disruption actions.</summary>
public sealed class MaceIndexModel(BeaconDbContext db, IClock clock) : PageModel
{
    public IReadOnlyList<PanelRow> Panels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var panels = await db.MacePanels.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var districts = (await db.Areas.AsNoTracking().Where(a => a.MacePanel != null).Select(a => new { a.MacePanel, a.Name }).ToListAsync(cancellationToken)).ToLookup(a => a.MacePanel!, a => a.Name);
        var children = await db.Referrals.AsNoTracking().Where(r => r.Status == Referral.Open && r.Pathway == Pathway.MacePanel && r.Panel != null)
            .GroupBy(r => r.Panel!).Select(g => new { g.Key, Count = g.Select(r => r.ChildId).Distinct().Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var next = await db.PanelMeetings.AsNoTracking().Where(m => m.Status == PanelMeeting.Scheduled && m.MeetingOn >= today)
            .GroupBy(m => m.Panel).Select(g => new { g.Key, Next = g.Min(m => m.MeetingOn) }).ToDictionaryAsync(x => x.Key, x => x.Next, cancellationToken);
        var actions = await db.DisruptionActions.AsNoTracking().Where(a => a.Status == DisruptionAction.Open)
            .GroupBy(a => a.Panel).Select(g => new { g.Key, Open = g.Count(), Overdue = g.Count(a => a.DueOn < today) }).ToDictionaryAsync(x => x.Key, cancellationToken);
        Panels = [.. panels.Select(p => new PanelRow(p.Name, Reports.ReturnChart.Slug(p.Name), p.ChairName, [.. districts[p.Name].Order()], children.GetValueOrDefault(p.Name),
            next.TryGetValue(p.Name, out var n) ? n : null, actions.TryGetValue(p.Name, out var a) ? a.Open : 0, actions.TryGetValue(p.Name, out var b) ? b.Overdue : 0))];
    }
}

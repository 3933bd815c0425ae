using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.KeyWork;

public sealed record CaseRow(Guid ReferralId, Guid ChildId, string ChildName, string Reference, string? WorkType, Beacon.Domain.Exploitation.RiskLevel Level, LocalDate? LastSession, int Sessions);

public sealed record WorkerLoad(string Name, int Open, int Sessions30Days);

/// <summary>Key-work caseloads (issue #5 §4): the signed-in worker's open cases with their last session, and every key
/// worker's open cases and sessions in the last 30 days. Unallocated open referrals are listed for managers to allocate.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class CaseloadsModel(BeaconDbContext db, IClock clock) : PageModel
{
    public IReadOnlyList<CaseRow> Mine { get; private set; } = [];

    public IReadOnlyList<CaseRow> Unallocated { get; private set; } = [];

    public IReadOnlyList<WorkerLoad> Workers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var me = db.Actor.UserId;
        var since = today.PlusDays(-30);
        var open = db.Referrals.AsNoTracking().Where(r => r.Status == Referral.Open && r.Pathway != Beacon.Domain.Exploitation.Pathway.NoFurtherAction);
        IQueryable<CaseRow> Rows(IQueryable<Referral> q) => q.OrderBy(r => r.ReceivedOn).Take(200).Select(r => new CaseRow(r.Id, r.ChildId, r.Child!.GivenName + " " + r.Child.FamilyName, r.Reference, r.WorkType, r.Level,
            db.KeyWorkSessions.Where(s => s.ReferralId == r.Id).Max(s => (LocalDate?)s.HeldOn), db.KeyWorkSessions.Count(s => s.ReferralId == r.Id)));
        Mine = await Rows(open.Where(r => r.KeyWorkerId == me)).ToListAsync(cancellationToken);
        Unallocated = await Rows(open.Where(r => r.KeyWorkerId == null)).ToListAsync(cancellationToken);
        var loads = await open.Where(r => r.KeyWorkerId != null).GroupBy(r => r.KeyWorkerId!.Value).Select(g => new { g.Key, Open = g.Count() }).ToListAsync(cancellationToken);
        var recent = await db.KeyWorkSessions.AsNoTracking().Where(s => s.HeldOn >= since).GroupBy(s => s.RecordedBy).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var ids = loads.Select(l => l.Key).ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        Workers = [.. loads.Select(l => new WorkerLoad(users.TryGetValue(l.Key, out var u) ? u.DisplayName : "Unknown", l.Open, users.TryGetValue(l.Key, out var v) ? recent.GetValueOrDefault(v.UserName ?? "") : 0))
            .OrderByDescending(w => w.Open)];
    }
}

using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.KeyWork;

public sealed record WorkerLoad(Guid Id, string Name, int Open, int Sessions30Days);

/// <summary>Key-work caseloads (issue #5 §4, issue #17 §2): every key worker's open cases and sessions in the last 30
/// days, and one sortable, paged list of open cases filtered by key worker (yours by default; not yet allocated; all;
/// one worker's). The list is audited once with the cases shown.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class CaseloadsModel(BeaconDbContext db, IClock clock, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Worker { get; set; }

    public ListPage<CaseItem> List { get; private set; } = ListPage<CaseItem>.Empty;

    public IReadOnlyList<WorkerLoad> Workers { get; private set; } = [];

    public string Filter => Worker is CaseList.Any or CaseList.Unallocated || Workers.Any(w => w.Id.ToString() == Worker) ? Worker! : CaseList.Mine;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ListRequest.From(HttpContext) is not { } list)
        {
            return BadRequest();
        }

        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var since = today.PlusDays(-30);
        var open = db.Referrals.AsNoTracking().Where(r => r.Status == Referral.Open && r.Pathway != Beacon.Domain.Exploitation.Pathway.NoFurtherAction);
        var loads = await open.Where(r => r.KeyWorkerId != null).GroupBy(r => r.KeyWorkerId!.Value).Select(g => new { g.Key, Open = g.Count() }).ToListAsync(cancellationToken);
        var recent = await db.KeyWorkSessions.AsNoTracking().Where(s => s.HeldOn >= since).GroupBy(s => s.RecordedBy).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var ids = loads.Select(l => l.Key).ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        Workers = [.. loads.Select(l => new WorkerLoad(l.Key, users.TryGetValue(l.Key, out var u) ? u.DisplayName : "Unknown", l.Open, users.TryGetValue(l.Key, out var v) ? recent.GetValueOrDefault(v.UserName ?? "") : 0))
            .OrderByDescending(w => w.Open).ThenBy(w => w.Name, StringComparer.Ordinal)];

        List = await CaseList.Sorts.PageAsync(CaseList.Query(db, db.Actor.UserId, Filter), list, CaseList.PageSize, cancellationToken);
        await audit.RecordListAsync(nameof(Referral), $"key work; worker: {Filter}; sort: {List.Sort}; page: {List.PageNumber}", List.Rows.Select(r => $"{r.ChildId}/{r.ReferralId}"), cancellationToken);
        return Page();
    }
}

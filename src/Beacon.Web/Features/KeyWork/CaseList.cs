using Beacon.Domain.Exploitation;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.KeyWork;

/// <summary>One open key-work case in the caseload list: the child, the referral, its key worker and sessions.</summary>
public sealed class CaseItem
{
    public Guid ReferralId { get; init; }

    public Guid ChildId { get; init; }

    public string GivenName { get; init; } = string.Empty;

    public string FamilyName { get; init; } = string.Empty;

    public string ChildReference { get; init; } = string.Empty;

    public string Reference { get; init; } = string.Empty;

    public string? WorkType { get; init; }

    public RiskLevel Level { get; init; }

    public Guid? KeyWorkerId { get; init; }

    public string? KeyWorker { get; init; }

    public LocalDate ReceivedOn { get; init; }

    public LocalDate? LastSession { get; init; }

    public int Sessions { get; init; }
}

/// <summary>Open key-work cases (issue #5 §4, issue #17 §2) as one sortable, paged list filtered by key worker: the
/// signed-in worker's own (the default), those not yet allocated, every open case, or one worker's.</summary>
public static class CaseList
{
    public const int PageSize = 50;

    public const string Mine = "mine";
    public const string Unallocated = "none";
    public const string Any = "any";

    public static readonly SortKeys<CaseItem> Sorts = new SortKeys<CaseItem>("received", false, q => q.ThenBy(c => c.ReferralId))
        .Add("child", c => c.FamilyName + " " + c.GivenName)
        .Add("level", c => c.Level, descendingFirst: true)
        .Add("work", c => c.WorkType)
        .Add("worker", c => c.KeyWorker)
        .Add("received", c => c.ReceivedOn)
        .Add("last", c => c.LastSession, descendingFirst: true)
        .Add("sessions", c => c.Sessions, descendingFirst: true);

    /// <summary>Open referrals (not "no further action") whose key worker is <paramref name="worker"/>: <see cref="Mine"/>
    /// (or nothing) for <paramref name="me"/>, <see cref="Unallocated"/>, <see cref="Any"/>, or a user id. The access
    /// filter keeps out children the reader may not see.</summary>
    public static IQueryable<CaseItem> Query(BeaconDbContext db, Guid? me, string? worker)
    {
        var open = db.Referrals.AsNoTracking().Where(r => r.Status == Referral.Open && r.Pathway != Pathway.NoFurtherAction);
        open = worker switch
        {
            Any => open,
            Unallocated => open.Where(r => r.KeyWorkerId == null),
            _ when Guid.TryParse(worker, out var id) => open.Where(r => r.KeyWorkerId == id),
            _ => open.Where(r => r.KeyWorkerId == me),
        };
        return open.Select(r => new CaseItem
        {
            ReferralId = r.Id,
            ChildId = r.ChildId,
            GivenName = r.Child!.GivenName,
            FamilyName = r.Child.FamilyName,
            ChildReference = r.Child.Reference,
            Reference = r.Reference,
            WorkType = r.WorkType,
            Level = r.Level,
            KeyWorkerId = r.KeyWorkerId,
            KeyWorker = db.Users.Where(u => u.Id == r.KeyWorkerId).Select(u => u.DisplayName).FirstOrDefault(),
            ReceivedOn = r.ReceivedOn,
            LastSession = db.KeyWorkSessions.Where(s => s.ReferralId == r.Id).Max(s => (LocalDate?)s.HeldOn),
            Sessions = db.KeyWorkSessions.Count(s => s.ReferralId == r.Id),
        });
    }
}

using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.ReturnInterviews;

public sealed record RhiEpisode(Guid Id, string PoliceReference, Instant ReportedMissingAt, Instant? ReturnedAt, string MissingOrAbsent, string PoliceRisk, string District, string? Circumstances);

/// <summary>One RHI as its page shows it; <see cref="CoverReasons"/> gives, by episode, a practitioner's reason for covering
/// an episode the default rule would have given an interview of its own.</summary>
public sealed record RhiView(ReturnInterview Interview, Child Child, string District, string? Locality, string ResponsibleAuthority, IReadOnlyList<RhiEpisode> Episodes, IReadOnlyList<RhiAttempt> Attempts, string? AssignedTo, RhiUrgency Urgency)
{
    public IReadOnlyDictionary<Guid, string> CoverReasons { get; init; } = new Dictionary<Guid, string>();
}

/// <summary>
/// Practitioners' RHI work (issue #3 §3–5): the work list, attempts, outcomes, the interview form, manager review,
/// reopening, and the summary shared with the responsible authority and the police. Every rule about what may happen
/// comes from <see cref="ReturnInterviewRules"/>; every read of a record is audited.
/// </summary>
public sealed partial class ReturnInterviewWork(BeaconDbContext db, AuditLog audit, CurrentActor actor, IClock clock, Alerts.AlertWriter alerts, Microsoft.Extensions.Options.IOptions<Infrastructure.BeaconOptions> options)
{
    // The parts of this class (one file per use case) share these.
    private readonly BeaconDbContext db = db;
    private readonly AuditLog audit = audit;
    private readonly CurrentActor actor = actor;
    private readonly IClock clock = clock;
    private readonly Alerts.AlertWriter alerts = alerts;
    private readonly Microsoft.Extensions.Options.IOptions<Infrastructure.BeaconOptions> options = options;

    // Kept for callers not yet moved to UkTime (docs/decisions/0016); new code uses UkTime directly.
    public static string London(Instant instant) => UkTime.Format(instant);

    public static string FormInput(Instant instant) => UkTime.FormInput(instant);

    public static Instant? ParseLondon(string? text) => UkTime.Parse(text);

    public const string IsoExample = UkTime.IsoExample;

    public static Instant? ParseIso(string? text) => UkTime.ParseIso(text);

    /// <summary>Opens an RHI (audited). Null when it does not exist or the user may not see it (audited as denied).</summary>
    public async Task<RhiView?> OpenAsync(Guid id, string via, CancellationToken cancellationToken = default)
    {
        var interview = await db.ReturnInterviews.AsNoTracking().Include(r => r.Child).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (interview?.Child is null)
        {
            var exists = await db.ReturnInterviews.IgnoreQueryFilters().AnyAsync(r => r.Id == id, cancellationToken);
            await audit.RecordAsync("view", nameof(ReturnInterview), id.ToString(), exists ? "denied" : "not-found", $"via: {via}", cancellationToken);
            return null;
        }

        await audit.RecordAsync("view", nameof(ReturnInterview), $"{interview.ChildId}/{id}", details: $"via: {via}", cancellationToken: cancellationToken);
        var child = interview.Child;
        var district = await db.Areas.AsNoTracking().SingleAsync(a => a.GssCode == child.HostDistrictCode, cancellationToken);
        var responsible = await db.Organisations.AsNoTracking().Where(o => o.Id == child.ResponsibleAuthorityId).Select(o => o.Name).SingleAsync(cancellationToken);
        var rows = await db.Episodes.AsNoTracking().Where(e => e.ReturnInterviewId == id).OrderBy(e => e.ReportedMissingAt)
            .Join(db.Areas, e => e.HostDistrictCode, a => a.GssCode, (e, a) => new { Episode = new RhiEpisode(e.Id, e.PoliceReference, e.ReportedMissingAt, e.ReturnedAt, e.MissingOrAbsent, e.PoliceRisk, a.Name, e.Circumstances), e.NotifyingPoliceForceId })
            .ToListAsync(cancellationToken);
        var scope = db.Actor.Scope;
        var episodes = rows.Select(x => x.Episode with { PoliceReference = Missing.ForceIdentifiers.Reference(scope, x.NotifyingPoliceForceId, x.Episode.PoliceReference) }).ToList();
        var attempts = await db.RhiAttempts.AsNoTracking().Where(a => a.ReturnInterviewId == id).OrderBy(a => a.AttemptedAt).ToListAsync(cancellationToken);
        var assigned = interview.AssignedToId is { } userId ? (await Names([userId], cancellationToken)).GetValueOrDefault(userId) : null;
        var reasons = await db.Episodes.AsNoTracking().Where(e => e.ReturnInterviewId == id && e.CoverReason != null).ToDictionaryAsync(e => e.Id, e => e.CoverReason!, cancellationToken);
        return new RhiView(interview, child, district.Name, district.Locality, responsible, episodes, attempts, assigned,
            ReturnInterviewRules.UrgencyAt(interview.Status, interview.DueAt, clock.GetCurrentInstant()))
        {
            CoverReasons = reasons,
        };
    }

    private async Task<Dictionary<Guid, string>> Names(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return list.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}

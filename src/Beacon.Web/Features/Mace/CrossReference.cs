using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

/// <summary>One fact in a child's vulnerability cross-reference, with where it came from and when.</summary>
public sealed record VulnerabilityFact(string What, string Source, LocalDate? On);

/// <summary>A child on a panel's agenda, with the cross-reference the panel reads before discussing them.</summary>
public sealed record AgendaChild(
    Guid ChildId, string Name, string Reference, int Age, string Gender, RiskLevel? Level, string? Types, LocalDate? ReferredOn,
    IReadOnlyList<VulnerabilityFact> Facts, IReadOnlyList<PanelDiscussion> Discussions);

/// <summary>
/// The vulnerability cross-reference for children before a MACE panel (issue #5 §2; service brief: panels "cross-check
/// each child across systems (SEND, missing, Prevent, safeguarding, looked after, youth offending, EHCP)"): what Beacon
/// holds (missing episodes and counts, repeat-missing level, looked after, RHIs, the referral) and what partners have
/// recorded as flags, each with source and date. Reads through the child filter: only children the user may see.
/// </summary>
public sealed class CrossReference(BeaconDbContext db, IClock clock)
{
    public async Task<IReadOnlyList<AgendaChild>> ForChildrenAsync(IReadOnlyCollection<Guid> childIds, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var today = ChildAge.DateOf(now);
        var since90 = now - Duration.FromDays(RepeatMissingPolicy.Default.WindowDays);
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id))
            .Select(c => new { c.Id, c.GivenName, c.FamilyName, c.Reference, c.DateOfBirth, c.Gender, c.LivingSituation }).ToListAsync(cancellationToken);
        var ids = children.Select(c => c.Id).ToList();
        var episodes = await db.Episodes.AsNoTracking().Where(e => ids.Contains(e.ChildId))
            .GroupBy(e => e.ChildId)
            .Select(g => new { ChildId = g.Key, Count = g.Count(), Recent = g.Count(e => e.ReportedMissingAt >= since90), Last = g.Max(e => e.ReportedMissingAt) })
            .ToDictionaryAsync(x => x.ChildId, cancellationToken);
        var rhis = await db.ReturnInterviews.AsNoTracking().Where(r => ids.Contains(r.ChildId) && r.Status == RhiStatus.Completed)
            .GroupBy(r => r.ChildId).Select(g => new { ChildId = g.Key, Count = g.Count(), Last = g.Max(r => r.SubmittedAt) })
            .ToDictionaryAsync(x => x.ChildId, cancellationToken);
        var referrals = (await db.Referrals.AsNoTracking().Where(r => ids.Contains(r.ChildId) && r.Status == Referral.Open).ToListAsync(cancellationToken))
            .GroupBy(r => r.ChildId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ReceivedOn).First());
        var flags = (await db.ChildFlags.AsNoTracking().Where(f => ids.Contains(f.ChildId)).ToListAsync(cancellationToken)).ToLookup(f => f.ChildId);
        var discussions = (await db.PanelDiscussions.AsNoTracking().Where(d => ids.Contains(d.ChildId)).ToListAsync(cancellationToken)).ToLookup(d => d.ChildId);

        return [.. children.Select(c =>
        {
            var facts = new List<VulnerabilityFact>();
            if (episodes.TryGetValue(c.Id, out var e))
            {
                facts.Add(new VulnerabilityFact($"Missing {e.Count} {(e.Count == 1 ? "time" : "times")} in all, {e.Recent} in the last 90 days", "Beacon (police notifications)", ChildAge.DateOf(e.Last)));
            }

            if (c.LivingSituation is "LA_CARE" or "PLACED_BY_OTHER_LA")
            {
                facts.Add(new VulnerabilityFact($"Looked after: {Shared.Govuk.LivingSituation(c.LivingSituation).ToLowerInvariant()}", "Beacon (police notifications)", null));
            }

            if (rhis.TryGetValue(c.Id, out var r))
            {
                facts.Add(new VulnerabilityFact($"{r.Count} return home {(r.Count == 1 ? "interview" : "interviews")} completed", "Beacon", r.Last is { } last ? ChildAge.DateOf(last) : null));
            }

            facts.AddRange(flags[c.Id].OrderByDescending(f => f.RecordedOn)
                .Select(f => new VulnerabilityFact(MaceVocabulary.FlagKinds[f.Kind] + (f.Detail is null ? "" : $": {f.Detail}"), f.SourceAgency, f.RecordedOn)));
            var referral = referrals.GetValueOrDefault(c.Id);
            return new AgendaChild(c.Id, $"{c.GivenName} {c.FamilyName}", c.Reference, ChildAge.YearsOn(c.DateOfBirth, today), c.Gender,
                referral?.Level, referral?.ExploitationTypes, referral?.ReceivedOn, facts, [.. discussions[c.Id].OrderBy(d => d.RecordedAt)]);
        }).OrderBy(c => c.Name, StringComparer.Ordinal)];
    }
}

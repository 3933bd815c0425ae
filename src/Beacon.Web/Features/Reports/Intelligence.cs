using Beacon.Domain.Vocabulary;
using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Mace;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Reports;

public sealed record CountByPeriod(string Label, IReadOnlyDictionary<string, int> Counts);

/// <summary>A named place or person, in the words of one interview: the evidence for a mention or a link.</summary>
public sealed record MentionEvidence(string ChildReference, Guid InterviewId, string InterviewReference, string Phrase);

/// <summary>A named place or person (<see cref="Term"/>: as first said) mentioned by more than one child.</summary>
public sealed record Mention(string Term, int Children, IReadOnlyList<string> ChildReferences, IReadOnlyList<MentionEvidence> Evidence);

public sealed record Hotspot(string District, int Interviews, int WithExploitationIndicators, int Children);

/// <summary>Two children who named the same places or people (<see cref="Shared"/>, with the evidence of each).</summary>
public sealed record ChildLink(string ChildA, string ChildB, IReadOnlyList<Mention> Shared);

public sealed record IntelligenceView(int Interviews, IReadOnlyList<CountByPeriod> ReasonsByQuarter, IReadOnlyDictionary<string, int> Indicators,
    IReadOnlyList<Mention> Places, IReadOnlyList<Mention> Associates, IReadOnlyList<Hotspot> Hotspots, IReadOnlyList<ChildLink> Links);

/// <summary>
/// Collective intelligence from completed RHIs (issue #4 §3): reasons by quarter, exploitation indicators, places and
/// associates named by more than one child, hotspots by district and children linked by a shared place or associate.
/// Reads through the access filter, so each user sees patterns only among the children they may see. A mention is a
/// NAMED place or person only (issue #17 §6; <see cref="NamedMentions"/>): a proper noun in the answer, or a name Beacon
/// knows (the partnership's areas, and the MACE locations and adults the reader may see); "nearby", "home" or "the
/// shop" link nobody. Each mention and link shows the phrases and interviews it came from: a lead for a practitioner or
/// panel to check, not a finding.
/// </summary>
public sealed class Intelligence(BeaconDbContext db)
{
    public async Task<IntelligenceView> BuildAsync(int financialYear, string? locality, CancellationToken cancellationToken = default)
    {
        var year = FinancialYear.Year(financialYear);
        var (start, end) = (year.StartInstant, year.EndInstant);
        var rows = await db.ReturnInterviews.AsNoTracking()
            .Where(r => r.Status == RhiStatus.Completed && r.FirstReturnedAt >= start && r.FirstReturnedAt < end)
            .Join(db.Areas, r => r.Child!.HostDistrictCode, a => a.GssCode, (r, a) => new
            {
                r.FirstReturnedAt,
                r.Reasons,
                r.ExploitationIndicators,
                r.WhereWent,
                r.WithWhom,
                r.ChildId,
                r.Id,
                r.Reference,
                ChildReference = r.Child!.Reference,
                District = a.Name,
                a.Locality,
            })
            .Where(x => locality == null || locality == "" || x.Locality == locality)
            .ToListAsync(cancellationToken);

        var quarters = FinancialYear.Quarters(financialYear).Select(q => new CountByPeriod(q.Label,
            rows.Where(r => q.Contains(ChildAge.DateOf(r.FirstReturnedAt))).SelectMany(r => Codes.Split(r.Reasons))
                .GroupBy(code => Codes.Reason.Label(code)).ToDictionary(g => g.Key, g => g.Count()))).ToList();
        var indicators = rows.SelectMany(r => Codes.Split(r.ExploitationIndicators)).Where(c => c != "NONE")
            .GroupBy(c => Codes.ExploitationIndicator.Label(c)).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count());

        var known = await KnownNamesAsync(cancellationToken);
        List<Mention> Mentions(Func<(string? Where, string? Who), string?> answer) =>
            [.. rows.SelectMany(r => NamedMentions.Find(answer((r.WhereWent, r.WithWhom)), known).Select(m => (m.Key, r.ChildId, Evidence: new MentionEvidence(r.ChildReference, r.Id, r.Reference, m.Phrase))))
                .GroupBy(x => x.Key).Where(g => g.Select(x => x.ChildId).Distinct().Count() >= 2)
                .Select(g => (Children: g.Select(x => x.ChildId).Distinct().Count(), Evidence: g.Select(x => x.Evidence).OrderBy(e => e.ChildReference, StringComparer.Ordinal).ThenBy(e => e.InterviewReference, StringComparer.Ordinal).ToList()))
                .Select(m => new Mention(m.Evidence[0].Phrase, m.Children, [.. m.Evidence.Select(e => e.ChildReference).Distinct()], m.Evidence))
                .OrderByDescending(m => m.Children).ThenBy(m => m.Term, StringComparer.OrdinalIgnoreCase).Take(30)];
        var places = Mentions(a => a.Where);
        var associates = Mentions(a => a.Who);

        var hotspots = rows.GroupBy(r => r.District).Select(g => new Hotspot(g.Key, g.Count(), g.Count(r => Codes.Split(r.ExploitationIndicators).Any(c => c != "NONE")), g.Select(r => r.ChildId).Distinct().Count()))
            .OrderByDescending(h => h.WithExploitationIndicators).ThenByDescending(h => h.Interviews).ToList();

        var links = places.Concat(associates)
            .SelectMany(m => m.ChildReferences.SelectMany(a => m.ChildReferences.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b, m))))
            .GroupBy(x => (x.a, x.b)).Select(g => new ChildLink(g.Key.a, g.Key.b,
                [.. g.Select(x => x.m with { Evidence = [.. x.m.Evidence.Where(e => e.ChildReference == g.Key.a || e.ChildReference == g.Key.b)] })]))
            .OrderByDescending(l => l.Shared.Count).ThenBy(l => l.ChildA, StringComparer.Ordinal).ThenBy(l => l.ChildB, StringComparer.Ordinal).Take(50).ToList();

        return new IntelligenceView(rows.Count, quarters, indicators, places, associates, hotspots, links);
    }

    /// <summary>The names Beacon knows: the partnership's areas and the MACE locations and adults (and their aliases)
    /// the reader may see.</summary>
    private async Task<KnownNames> KnownNamesAsync(CancellationToken cancellationToken)
    {
        var areas = await db.Areas.AsNoTracking().Select(a => a.Name).ToListAsync(cancellationToken);
        var locations = await db.Set<LocationOfConcern>().AsNoTracking().Select(l => l.Name).ToListAsync(cancellationToken);
        var adults = await db.Set<AdultOfConcern>().AsNoTracking().Select(a => new { a.Name, a.Aliases }).ToListAsync(cancellationToken);
        return new KnownNames([.. areas, .. locations, .. adults.SelectMany(a => (a.Aliases ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Append(a.Name))]);
    }
}

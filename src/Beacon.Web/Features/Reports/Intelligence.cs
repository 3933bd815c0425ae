using Beacon.Domain.Vocabulary;
using System.Text.RegularExpressions;
using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Reports;

public sealed record CountByPeriod(string Label, IReadOnlyDictionary<string, int> Counts);

public sealed record Mention(string Term, int Children, IReadOnlyList<string> ChildReferences);

public sealed record Hotspot(string District, int Interviews, int WithExploitationIndicators, int Children);

public sealed record ChildLink(string ChildA, string ChildB, IReadOnlyList<string> SharedTerms);

public sealed record IntelligenceView(int Interviews, IReadOnlyList<CountByPeriod> ReasonsByQuarter, IReadOnlyDictionary<string, int> Indicators,
    IReadOnlyList<Mention> Places, IReadOnlyList<Mention> Associates, IReadOnlyList<Hotspot> Hotspots, IReadOnlyList<ChildLink> Links);

/// <summary>
/// Collective intelligence from completed RHIs (issue #4 §3): reasons by quarter, exploitation indicators, places and
/// associates mentioned by more than one child, hotspots by district and children linked by a shared place or associate.
/// Reads through the access filter, so each user sees patterns only among the children they may see. Place and
/// associate "mentions" are the words and word pairs of the free-text answers, after removing common words: a lead for
/// a practitioner or panel to check, not a finding.
/// </summary>
public sealed partial class Intelligence(BeaconDbContext db)
{
    private static readonly HashSet<string> Stopwords =
    [
        "the", "and", "with", "from", "they", "them", "their", "there", "then", "that", "this", "went", "stayed", "were", "have", "said", "would", "not",
        "friend", "friends", "friend's", "some", "house", "home", "back", "into", "over", "about", "after", "just", "only", "also", "what", "when", "where",
        "who", "for", "was", "she", "her", "his", "him", "all", "out", "one", "two", "other", "others", "school", "town", "city", "area", "know", "knew",
        "say", "says", "didn't", "did", "does", "hers", "near", "around", "mate", "mates", "people", "someone", "somebody", "older", "young", "night",
        "called", "man", "woman", "boy", "girl", "lad", "guy", "but", "had", "has", "got", "get", "our", "you", "are", "any", "its", "off", "too", "way",
    ];

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

        List<Mention> Mentions(Func<string?, IEnumerable<string>> terms, IEnumerable<(Guid Child, string Reference, string? Text)> texts) =>
            [.. texts.SelectMany(t => terms(t.Text).Select(term => (term, t.Child, t.Reference))).Distinct()
                .GroupBy(x => x.term).Select(g => new Mention(g.Key, g.Select(x => x.Child).Distinct().Count(), [.. g.Select(x => x.Reference).Distinct().Order()]))
                .Where(m => m.Children >= 2).OrderByDescending(m => m.Children).ThenBy(m => m.Term).Take(30)];
        var places = Mentions(Terms, rows.Select(r => (r.ChildId, r.ChildReference, r.WhereWent)));
        var associates = Mentions(Terms, rows.Select(r => (r.ChildId, r.ChildReference, r.WithWhom)));

        var hotspots = rows.GroupBy(r => r.District).Select(g => new Hotspot(g.Key, g.Count(), g.Count(r => Codes.Split(r.ExploitationIndicators).Any(c => c != "NONE")), g.Select(r => r.ChildId).Distinct().Count()))
            .OrderByDescending(h => h.WithExploitationIndicators).ThenByDescending(h => h.Interviews).ToList();

        var links = places.Concat(associates)
            .SelectMany(m => m.ChildReferences.SelectMany(a => m.ChildReferences.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b, m.Term))))
            .GroupBy(x => (x.a, x.b)).Select(g => new ChildLink(g.Key.a, g.Key.b, [.. g.Select(x => x.Term).Distinct().Order()]))
            .OrderByDescending(l => l.SharedTerms.Count).Take(50).ToList();

        return new IntelligenceView(rows.Count, quarters, indicators, places, associates, hotspots, links);
    }

    /// <summary>The distinctive words (3+ letters, not common words) and word pairs of an answer, lower case.</summary>
    public static IEnumerable<string> Terms(string? text)
    {
        var words = Word().Matches((text ?? string.Empty).ToLowerInvariant()).Select(m => m.Value).ToList();
        var kept = words.Select(w => w.Length >= 3 && !Stopwords.Contains(w) ? w : null).ToList();
        for (var i = 0; i < kept.Count; i++)
        {
            if (kept[i] is { } word)
            {
                yield return word;
                if (i + 1 < kept.Count && kept[i + 1] is { } next)
                {
                    yield return $"{word} {next}";
                }
            }
        }
    }

    [GeneratedRegex(@"[a-z][a-z'\-]*")]
    private static partial Regex Word();
}

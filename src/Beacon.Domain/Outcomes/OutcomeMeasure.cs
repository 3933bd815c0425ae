using Beacon.Domain.Exploitation;
using Beacon.Domain.Reporting;
using NodaTime;

namespace Beacon.Domain.Outcomes;

/// <summary>One score (1–10) of one life area, from one reading of a child's outcome measure. A skipped area has no
/// score. <paramref name="FrameworkVersion"/> is the framework version the reading was taken on.</summary>
public sealed record AreaScore(Guid ChildId, string Area, LocalDate TakenOn, int Score, int FrameworkVersion = 1);

/// <summary>A child that counts for a life area in a year: its first score ever and its latest within the year.</summary>
public sealed record AreaChange(Guid ChildId, string Area, int First, int Latest)
{
    public int Change => Latest - First;

    public bool Improved => Change > 0;
}

/// <summary>The published figures for one life area over a set of children (averages to two decimals; null when no
/// child counts).</summary>
public sealed record AreaFigures(string Area, int Children, decimal? AverageFirst, decimal? AverageLatest, decimal? AverageChange, int Improved, decimal? ImprovedPercent);

/// <summary>
/// The outcome measure's definitions. Source: issue #19 §1 and docs/decisions/0021 — a child counts for a life area
/// in a financial year when it has two or more scores of that area up to the end of the year and at least one within
/// the year; <em>first</em> is its earliest score of that area ever, <em>latest</em> its latest within the year,
/// <em>change</em> = latest − first, <em>improved</em> = change &gt; 0; averages to two decimals and percentages to one,
/// halves away from zero (<see cref="Rounding"/>). Areas are compared by code whatever framework version a reading was
/// taken on (a version may reword an area, not renumber its scale); a skipped area is simply not scored. Pure.
/// </summary>
public static class OutcomeMeasure
{
    public const int Lowest = 1;

    public const int Highest = 10;

    /// <summary>Weeks between review readings unless configured (issue #19 §1).</summary>
    public const int DefaultReviewWeeks = 12;

    public static bool IsScore(int score) => score is >= Lowest and <= Highest;

    /// <summary>Every (child, area) that counts in <paramref name="year"/>, with its first and latest score. Two scores
    /// of one area on the same date (which Beacon does not store) are ordered by score, so the result is stable.</summary>
    public static IReadOnlyList<AreaChange> Changes(IEnumerable<AreaScore> scores, ReportingPeriod year) =>
        [.. scores.Where(s => s.TakenOn < year.EndExclusive)
            .GroupBy(s => (s.ChildId, s.Area))
            .Select(g => g.OrderBy(s => s.TakenOn).ThenBy(s => s.Score).ToList())
            .Where(list => list.Count >= 2 && list.Any(s => year.Contains(s.TakenOn)))
            .Select(list => new AreaChange(list[0].ChildId, list[0].Area, list[0].Score, list.Last(s => year.Contains(s.TakenOn)).Score))
            .OrderBy(c => c.Area, StringComparer.Ordinal).ThenBy(c => c.ChildId)];

    /// <summary>The figures for <paramref name="area"/> over the given changes (others are ignored).</summary>
    public static AreaFigures Figures(string area, IEnumerable<AreaChange> changes)
    {
        var of = changes.Where(c => c.Area == area).ToList();
        if (of.Count == 0)
        {
            return new AreaFigures(area, 0, null, null, null, 0, null);
        }

        var improved = of.Count(c => c.Improved);
        return new AreaFigures(area, of.Count, Rounding.Ratio(of.Sum(c => c.First), of.Count, 2), Rounding.Ratio(of.Sum(c => c.Latest), of.Count, 2),
            Rounding.Ratio(of.Sum(c => c.Change), of.Count, 2), improved, Rounding.Percent(improved, of.Count));
    }

    /// <summary>The average number of life areas improved per child, over the children that count for at least one
    /// area (two decimals); null when none does.</summary>
    public static decimal? AreasImprovedPerChild(IEnumerable<AreaChange> changes)
    {
        var list = changes.ToList();
        var children = list.Select(c => c.ChildId).Distinct().Count();
        return children == 0 ? null : Rounding.Ratio(list.Count(c => c.Improved), children, 2);
    }

    /// <summary>Key work closed with reduced risk: the level recorded at closure is lower than the level in force.</summary>
    public static bool ClosedWithReducedRisk(RiskLevel levelInForce, RiskLevel? closingLevel) => closingLevel is { } closing && closing < levelInForce;

    /// <summary>The percentage of closures with reduced risk (one decimal); null when nothing closed.</summary>
    public static decimal? ReducedRiskPercent(int closures, int reduced) => closures == 0 ? null : Rounding.Percent(reduced, closures);

    /// <summary>When the next review reading is due: <paramref name="weeks"/> after the latest reading.</summary>
    public static LocalDate ReviewDueOn(LocalDate latestReading, int weeks) => latestReading.PlusWeeks(Math.Max(1, weeks));
}

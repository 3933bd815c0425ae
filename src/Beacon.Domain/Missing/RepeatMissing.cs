using NodaTime;

namespace Beacon.Domain.Missing;

/// <summary>Repeat-missing settings: the rolling window and the escalating thresholds (configuration; these defaults).</summary>
public sealed record RepeatMissingPolicy(int WindowDays, IReadOnlyList<int> Thresholds)
{
    public static readonly RepeatMissingPolicy Default = new(90, [3, 5, 9]);
}

/// <summary>
/// Repeat missing. Source: shared/service-brief.md and issue #4 §1 — 3 or more episodes in any rolling 90 days need an
/// intervention meeting; 5+ and 9+ escalate. An episode counts in the window of another if it started no more than
/// 90 days earlier (day 90 inside, day 91 outside), by London calendar date. A threshold is "crossed" once; it can be
/// crossed again only after the count in the window has fallen below it.
/// </summary>
public static class RepeatMissing
{
    /// <summary>The most episodes in any rolling window ending at each episode, in date order.</summary>
    public static IReadOnlyList<int> CountsInWindow(IEnumerable<LocalDate> episodeStarts, int windowDays)
    {
        var dates = episodeStarts.Order().ToList();
        var counts = new int[dates.Count];
        var first = 0;
        for (var i = 0; i < dates.Count; i++)
        {
            while (Period.Between(dates[first], dates[i], PeriodUnits.Days).Days > windowDays)
            {
                first++;
            }

            counts[i] = i - first + 1;
        }

        return counts;
    }

    /// <summary>The thresholds crossed by the newest episode: those met now but not met by the window ending at the
    /// previous episode (so a threshold is raised once per crossing, not on every later episode).</summary>
    public static IReadOnlyList<int> NewlyCrossed(IEnumerable<LocalDate> episodeStarts, RepeatMissingPolicy policy)
    {
        var counts = CountsInWindow(episodeStarts, policy.WindowDays);
        if (counts.Count == 0)
        {
            return [];
        }

        var now = counts[^1];
        var before = counts.Count > 1 ? counts[^2] : 0;
        return [.. policy.Thresholds.Where(t => now >= t && before < t)];
    }

    /// <summary>The highest threshold met by the window ending on <paramref name="asOf"/>, or 0.</summary>
    public static int LevelOn(IEnumerable<LocalDate> episodeStarts, LocalDate asOf, RepeatMissingPolicy policy)
    {
        var inWindow = episodeStarts.Count(d => d <= asOf && Period.Between(d, asOf, PeriodUnits.Days).Days <= policy.WindowDays);
        return policy.Thresholds.Where(t => inWindow >= t).DefaultIfEmpty(0).Max();
    }
}

using NodaTime;

namespace Beacon.Domain.Missing;

/// <summary>Repeat-missing settings: the rolling window and the escalating thresholds (configuration; these defaults).</summary>
public sealed record RepeatMissingPolicy(int WindowDays, IReadOnlyList<int> Thresholds)
{
    public static readonly RepeatMissingPolicy Default = new(90, [3, 5, 9]);
}

/// <summary>A crossing that needs a meeting: the threshold, the episode at which it was crossed and that episode's
/// London start date (the crossing date).</summary>
public sealed record Crossing<T>(int Level, T Episode, LocalDate CrossedOn);

/// <summary>
/// Repeat missing. Source: shared/service-brief.md and issue #4 §1 — 3 or more episodes in any rolling 90 days need an
/// intervention meeting; 5+ and 9+ escalate. An episode counts in the window of another if it started no more than
/// 90 days earlier (day 90 inside, day 91 outside), by London calendar date.
/// <para>
/// The crossing rule (issue #22 §3; ADR 9): a threshold is <em>crossed</em> at an episode whose window holds at least
/// that many episodes when the window ending at the child's previous episode (by date) held fewer. A crossing raises a
/// meeting at that level unless a meeting at the same level has a crossing date within 90 days of it, before or after
/// — that is, unless the two 90-day windows overlap, so the earlier meeting already answers for those episodes. So a
/// child who falls below a threshold and comes back above it within 90 days of the last meeting at that level is not
/// raised again (episodes on days 0, 1, 80, 95, 96: one meeting, crossed on day 80); coming back above more than 90 days
/// after it raises a new one. The crossings are worked out from the child's whole history whatever order the episodes
/// arrived in, so a late or out-of-order episode that completes a window is raised too, dated at its crossing.
/// </para>
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

    /// <summary>
    /// The crossings a child's whole episode history implies that no meeting answers for yet, in date order (see the
    /// class comment for the rule). <paramref name="episodes"/> are the child's episodes with their London start dates,
    /// in any order (episodes on the same date keep the order given); <paramref name="raised"/> are the meetings
    /// already raised (level and crossing date). Raising the result and calling again with it added returns nothing:
    /// the check is idempotent.
    /// </summary>
    public static IReadOnlyList<Crossing<T>> UnraisedCrossings<T>(IEnumerable<(T Episode, LocalDate Start)> episodes, IEnumerable<(int Level, LocalDate CrossedOn)> raised, RepeatMissingPolicy policy)
    {
        var ordered = episodes.OrderBy(e => e.Start).ToList();
        var counts = CountsInWindow(ordered.Select(e => e.Start), policy.WindowDays);
        var answered = policy.Thresholds.ToDictionary(t => t, t => raised.Where(r => r.Level == t).Select(r => r.CrossedOn).ToList());
        var crossings = new List<Crossing<T>>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var before = i > 0 ? counts[i - 1] : 0;
            var on = ordered[i].Start;
            foreach (var level in policy.Thresholds.Where(t => counts[i] >= t && before < t))
            {
                if (answered[level].Any(d => Math.Abs(Period.Between(d, on, PeriodUnits.Days).Days) <= policy.WindowDays))
                {
                    continue;
                }

                answered[level].Add(on);
                crossings.Add(new Crossing<T>(level, ordered[i].Episode, on));
            }
        }

        return crossings;
    }

    /// <summary>
    /// Meetings already raised that the child's whole history now dates earlier (issue #22 §1): a late episode revealed a
    /// crossing at the same level before a meeting's crossing date and within its window, so the order of arrival would
    /// otherwise decide the crossing date (and the quarter it is counted in, and when it is due). For each such meeting
    /// (its index in <paramref name="raised"/>) the crossing it should carry — the one the same history would give had
    /// the episodes arrived in date order. Meetings that answer for a crossing on their own date are left alone.
    /// </summary>
    public static IReadOnlyList<(int Raised, Crossing<T> Crossing)> EarlierCrossings<T>(IEnumerable<(T Episode, LocalDate Start)> episodes, IReadOnlyList<(int Level, LocalDate CrossedOn)> raised, RepeatMissingPolicy policy)
    {
        var result = new List<(int, Crossing<T>)>();
        var taken = new HashSet<int>();
        foreach (var crossing in UnraisedCrossings(episodes, [], policy))
        {
            bool Near(LocalDate date) => Math.Abs(Period.Between(date, crossing.CrossedOn, PeriodUnits.Days).Days) <= policy.WindowDays;
            var candidates = Enumerable.Range(0, raised.Count).Where(i => raised[i].Level == crossing.Level && Near(raised[i].CrossedOn)).ToList();
            if (candidates.Count == 0 || candidates.Any(i => raised[i].CrossedOn <= crossing.CrossedOn))
            {
                continue; // raised on (or answered from before) its own date, or not raised yet: UnraisedCrossings raises it
            }

            var later = candidates.Where(i => !taken.Contains(i)).OrderBy(i => raised[i].CrossedOn).FirstOrDefault(-1);
            if (later >= 0)
            {
                taken.Add(later);
                result.Add((later, crossing));
            }
        }

        return result;
    }

    /// <summary>The highest threshold met by the window ending on <paramref name="asOf"/>, or 0.</summary>
    public static int LevelOn(IEnumerable<LocalDate> episodeStarts, LocalDate asOf, RepeatMissingPolicy policy)
    {
        var inWindow = episodeStarts.Count(d => d <= asOf && Period.Between(d, asOf, PeriodUnits.Days).Days <= policy.WindowDays);
        return policy.Thresholds.Where(t => inWindow >= t).DefaultIfEmpty(0).Max();
    }
}

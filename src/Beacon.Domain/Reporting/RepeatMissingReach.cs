namespace Beacon.Domain.Reporting;

/// <summary>
/// Whether a child was at or above a repeat-missing threshold at any time in a reporting period (issue #23 §3), by the
/// repeat-missing rule's own count (<see cref="Beacon.Domain.Missing.RepeatMissing"/>: episodes that started in a
/// rolling window of <c>windowDays</c>, day <c>windowDays</c> inside, by London calendar date). Unlike a crossing, which
/// happens once, this holds on every day the count is at or above the threshold, including days after the crossing.
/// </summary>
public static class RepeatMissingReach
{
    /// <summary>
    /// Whether, on some day in [<paramref name="fromDay"/>, <paramref name="toDayExclusive"/>), the child's episodes that
    /// started in the <paramref name="windowDays"/> days up to that day numbered <paramref name="threshold"/> or more.
    /// Days are day numbers (e.g. <c>DateOnly.DayNumber</c>); <paramref name="sortedStartDays"/> in ascending order.
    /// </summary>
    /// <remarks>The count is at least N on day t when some N consecutive starts d_a…d_b have d_b ≤ t ≤ d_a + window,
    /// which is a real interval when d_b − d_a ≤ window; the child was at or above N in the period when one such interval
    /// meets it.</remarks>
    public static bool AtOrAboveDuring(ReadOnlySpan<int> sortedStartDays, int threshold, int windowDays, int fromDay, int toDayExclusive)
    {
        for (var b = threshold - 1; b < sortedStartDays.Length; b++)
        {
            var (first, last) = (sortedStartDays[b - threshold + 1], sortedStartDays[b]);
            if (last - first <= windowDays && last < toDayExclusive && first + windowDays >= fromDay)
            {
                return true;
            }
        }

        return false;
    }
}

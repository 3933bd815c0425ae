using Beacon.Domain.Reporting;
using NodaTime;

namespace Beacon.Domain.Outcomes;

/// <summary>One step of an onward referral's status history: the status (a code of <c>Codes.OnwardStatus</c>) and the
/// date it took effect.</summary>
public sealed record OnwardStep(string Status, LocalDate On);

/// <summary>An onward referral as the report sees it: the resource's kind, the child's district, the date it was made and
/// the date it started (the first <c>STARTED</c> step), if it has.</summary>
public sealed record OnwardFacts(string Kind, string District, LocalDate MadeOn, LocalDate? StartedOn);

/// <summary>The figures for a group of onward referrals: how many, how many started, the median wait in days from made
/// to started (started ones only; null when none started) and the percentage started (null when there are none).</summary>
public sealed record OnwardFigures(int Referrals, int Started, decimal? MedianWaitDays, decimal? StartedPercent);

/// <summary>
/// Onward referrals to community resources and services (issue #19 §3: "status (made, accepted, waiting, started,
/// declined, closed) with dates, so waiting time is measured"; docs/decisions/0024). A referral is <c>MADE</c> on the
/// date it was made; it may then be accepted, put on a waiting list, started, declined or closed; started work can only
/// close; declined and closed are final. Each step is dated on or after the step before it and not in the future.
/// The report counts a referral in the financial year in which it was <em>made</em> (so each referral counts once, in
/// one year); its wait is the days from made to its first <c>STARTED</c> step, whenever that falls (a referral made in
/// March and started in May counts in the year it was made, with its whole wait) — figures for a recent year can still
/// change as its referrals start. The median of an even number of waits is the mean of the middle two; it and the
/// percentage are to one decimal, halves away from zero (<see cref="Rounding"/>). Pure.
/// </summary>
public static class OnwardReferralRules
{
    public const string Made = "MADE";
    public const string Accepted = "ACCEPTED";
    public const string Waiting = "WAITING";
    public const string Started = "STARTED";
    public const string Declined = "DECLINED";
    public const string Closed = "CLOSED";

    /// <summary>The statuses a referral may move to from <paramref name="current"/> (none from declined or closed).</summary>
    public static IReadOnlyList<string> Next(string current) => current switch
    {
        Made => [Accepted, Waiting, Started, Declined, Closed],
        Accepted => [Waiting, Started, Declined, Closed],
        Waiting => [Started, Declined, Closed],
        Started => [Closed],
        _ => [],
    };

    /// <summary>Why a move from the latest step to <paramref name="status"/> on <paramref name="on"/> is refused, or null
    /// when it is allowed (<paramref name="today"/> is the London date now).</summary>
    public static string? Refuse(OnwardStep latest, string status, LocalDate on, LocalDate today)
    {
        if (!Next(latest.Status).Contains(status))
        {
            return latest.Status is Declined or Closed ? "This referral is finished: its status cannot change" : "Choose a status that can follow the current one";
        }

        if (on < latest.On)
        {
            return $"The date cannot be before the last change ({latest.On:d MMM yyyy})";
        }

        return on > today ? "The date cannot be in the future" : null;
    }

    /// <summary>The date work started: the first <c>STARTED</c> step, or null.</summary>
    public static LocalDate? StartedOn(IEnumerable<OnwardStep> steps) =>
        steps.Where(s => s.Status == Started).OrderBy(s => s.On).Select(s => (LocalDate?)s.On).FirstOrDefault();

    /// <summary>Whole days from made to started (0 when started the day it was made).</summary>
    public static int WaitDays(LocalDate madeOn, LocalDate startedOn) => Period.Between(madeOn, startedOn, PeriodUnits.Days).Days;

    /// <summary>Whether a referral made on <paramref name="madeOn"/> counts in <paramref name="year"/>.</summary>
    public static bool CountsIn(LocalDate madeOn, ReportingPeriod year) => year.Contains(madeOn);

    /// <summary>The median of whole-day waits (the mean of the middle two for an even count) to one decimal; null when
    /// there are none.</summary>
    public static decimal? Median(IEnumerable<int> waits)
    {
        var sorted = waits.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? Rounding.Ratio(sorted[middle], 1, 1) : Rounding.Ratio((long)sorted[middle - 1] + sorted[middle], 2, 1);
    }

    /// <summary>The figures over the referrals given that count in <paramref name="year"/> (others are ignored).</summary>
    public static OnwardFigures Figures(IEnumerable<OnwardFacts> referrals, ReportingPeriod year)
    {
        var counted = referrals.Where(r => CountsIn(r.MadeOn, year)).ToList();
        var waits = counted.Where(r => r.StartedOn is not null).Select(r => WaitDays(r.MadeOn, r.StartedOn!.Value)).ToList();
        return new OnwardFigures(counted.Count, waits.Count, Median(waits), counted.Count == 0 ? null : Rounding.Percent(waits.Count, counted.Count));
    }
}

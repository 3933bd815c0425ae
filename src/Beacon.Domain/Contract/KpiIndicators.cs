using Beacon.Domain.Reporting;

namespace Beacon.Domain.Contract;

/// <summary>What a KPI's value counts in: a percentage, hours, a number of people, or an average per child.</summary>
public enum KpiUnit
{
    Percent,
    Hours,
    Count,
    PerChild,
}

/// <summary>One key performance indicator (issue #18 §2): its code, name, plain-English definition, the formula over
/// Beacon's own figures, its better direction, its unit and the decimal places it is published to.</summary>
public sealed record KpiIndicator(string Id, string Name, string Definition, string Formula, bool HigherIsBetter, KpiUnit Unit, int Places)
{
    /// <summary>A value as published: "72.5%", "18.0 hours", "12", "1.25 per child"; "No data" without one.</summary>
    public string Format(decimal? value) => value is not { } v ? "No data" : Unit switch
    {
        KpiUnit.Percent => $"{Rounding.Format(v, Places)}%",
        KpiUnit.Hours => $"{Rounding.Format(v, Places)} hours",
        KpiUnit.PerChild => $"{Rounding.Format(v, Places)} per child",
        _ => Rounding.Format(v, Places),
    };

    public string Direction => HigherIsBetter ? "Higher is better" : "Lower is better";
}

/// <summary>
/// The indicators of the service's Performance and Quality Assurance Framework that Beacon computes, defined once (issue
/// #18 §2). Each is computed from the same figures as the return it comes from: the missing return (issue #4) for the
/// interview measures, the outcomes report (issue #19) for closures and outcomes, the repeat-missing meetings (issue #2)
/// and exploitation referrals (issue #5). Percentages are to one decimal place, halves away from zero, as the returns
/// publish them.
/// </summary>
public static class Kpis
{
    public static readonly KpiIndicator RhiOfferedWithin72h = new(
        "RHI_OFFERED_WITHIN_72H", "Return interviews offered within 72 hours",
        "Of the notifications whose return interview was offered, the share offered within 72 hours of the interview's first return (the missing return's offered_within_72h_percent).",
        "offered_within_72h ÷ rhi_offered × 100", true, KpiUnit.Percent, 1);

    public static readonly KpiIndicator RhiCompletedOfOffered = new(
        "RHI_COMPLETED_OF_OFFERED", "Offered return interviews completed",
        "Of the notifications whose return interview was offered, the share covered by a completed interview (the missing return's completed_of_offered_percent).",
        "total_rhi ÷ rhi_offered × 100", true, KpiUnit.Percent, 1);

    public static readonly KpiIndicator NotificationsOffered = new(
        "NOTIFICATIONS_OFFERED", "Notifications offered a return interview",
        "Of the notifications received, the share whose return interview was offered (the national take-up comparison).",
        "rhi_offered ÷ notifications × 100", true, KpiUnit.Percent, 1);

    public static readonly KpiIndicator MedianHoursToOffer = new(
        "MEDIAN_HOURS_TO_OFFER", "Median hours from return to offer",
        "For the notifications offered an interview after they returned, the middle value of the hours from the interview's first return to the offer (the mean of the middle two when the count is even).",
        "median(offered_at − first_returned_at) in hours", false, KpiUnit.Hours, 1);

    public static readonly KpiIndicator RepeatMeetingsOnTime = new(
        "REPEAT_MEETINGS_ON_TIME", "Repeat-missing meetings held by their due date",
        "Of the repeat-missing meetings due in the period (those due today or later and not yet held are left out until they are late), the share held on or before the due date.",
        "meetings held by due_on ÷ meetings due (held, or due before today) × 100", true, KpiUnit.Percent, 1);

    public static readonly KpiIndicator ReferralsDecidedInTime = new(
        "REFERRALS_DECIDED_IN_TIME", "Exploitation referrals decided within the working days allowed",
        "Of the exploitation referrals received in the period, the share decided (marked not for this service, or the kind of work decided) within the configured number of working days of receipt (default 5; weekends and England bank holidays do not count). Referrals still undecided within their time are left out; referrals decided before the decision date was recorded are left out.",
        "decided_on ≤ received_on + N working days ÷ referrals decided or overdue × 100", true, KpiUnit.Percent, 1);

    public static readonly KpiIndicator ClosuresWithReducedRisk = new(
        "KEY_WORK_CLOSED_REDUCED_RISK", "Key-work closures with reduced risk",
        "Of the exploitation referrals closed in the period, the share whose closing risk level was lower than the level in force (the outcomes report's reduced_risk_percent).",
        "closed with reduced risk ÷ closed × 100", true, KpiUnit.Percent, 1);

    public static readonly KpiIndicator ActiveMentors = new(
        "ACTIVE_MENTORS", "Active mentors",
        "Mentors whose status was active on the last day of the period (today for a period not yet over); for a council, those of them mentoring a child of that council then.",
        "count of mentors active at the period's end", true, KpiUnit.Count, 0);

    public static readonly KpiIndicator OutcomeImprovement = new(
        "OUTCOME_IMPROVEMENT", "Outcome improvement",
        "Average number of life areas improved per child with two or more readings in the financial year (the outcomes report's areas improved per child). A measure of the year, so year to date only.",
        "areas improved ÷ children with a change", true, KpiUnit.PerChild, 2);

    public static IReadOnlyList<KpiIndicator> All { get; } =
        [RhiOfferedWithin72h, RhiCompletedOfOffered, NotificationsOffered, MedianHoursToOffer, RepeatMeetingsOnTime, ReferralsDecidedInTime, ClosuresWithReducedRisk, ActiveMentors, OutcomeImprovement];

    public static KpiIndicator? Find(string? id) => All.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>A value in thousandths of its unit (ADR 20), exact for the published decimals.</summary>
    public static long Milli(decimal value) => (long)Math.Round(value * 1000m, MidpointRounding.AwayFromZero);

    public static decimal FromMilli(long milli) => milli / 1000m;

    /// <summary>The median of a list of values, to <paramref name="places"/> decimal places (halves away from zero); the mean
    /// of the middle two for an even count; null for none.</summary>
    public static decimal? Median(IEnumerable<decimal> values, int places)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
        return Rounding.Round(median, places);
    }

    /// <summary>The problems with a target and its thresholds (values in the indicator's unit); empty when it may be saved.
    /// Green must be at or beyond amber in the better direction, and percentages within 0 to 100.</summary>
    public static IReadOnlyList<string> TargetProblems(KpiIndicator indicator, decimal target, decimal green, decimal amber)
    {
        var problems = new List<string>();
        if (new[] { target, green, amber }.Any(v => v < 0 || (indicator.Unit == KpiUnit.Percent && v > 100) || v > 1_000_000))
        {
            problems.Add(indicator.Unit == KpiUnit.Percent ? "Targets and thresholds must be between 0 and 100" : "Targets and thresholds must be 0 or more");
        }

        if (indicator.HigherIsBetter ? green < amber : green > amber)
        {
            problems.Add(indicator.HigherIsBetter ? "The green threshold must be at or above the amber threshold" : "The green threshold must be at or below the amber threshold");
        }

        return problems;
    }
}

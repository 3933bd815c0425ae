using Beacon.Domain.Reporting;
using NodaTime;

namespace Beacon.Domain.Mentoring;

/// <summary>A course a mentor completed, and how long it stays valid (null: it never needs refreshing).</summary>
public sealed record CourseCompletion(Guid CourseId, string CourseName, LocalDate CompletedOn, int? ValidityMonths);

/// <summary>A course whose refresher is due within 30 days, or has lapsed.</summary>
public sealed record RefresherDue(Guid CourseId, string CourseName, LocalDate LastCompletedOn, LocalDate ExpiresOn, DueState State);

/// <summary>
/// Who is due a refresher. Source: issue #20 §2 ("who is due a refresher") and §1 ("due within 30 days or lapsed"):
/// a completed course with a validity of N months expires N calendar months after the session (NodaTime's month
/// arithmetic: 29 February 2024 + 12 months is 28 February 2025); training is still valid on the day it expires and
/// lapsed from the next day, as <see cref="MentorVetting.StateOf"/> treats a renewal date. Only the latest completion of
/// each course counts; attending without completing does not renew it.
/// </summary>
public static class MentorTraining
{
    public static LocalDate ExpiresOn(LocalDate completedOn, int validityMonths) => completedOn.PlusMonths(validityMonths);

    public static IReadOnlyList<RefresherDue> DueRefreshers(IEnumerable<CourseCompletion> completions, LocalDate today) =>
        [.. completions.Where(c => c.ValidityMonths is not null)
            .GroupBy(c => c.CourseId)
            .Select(g => g.MaxBy(c => c.CompletedOn)!)
            .Select(c => new RefresherDue(c.CourseId, c.CourseName, c.CompletedOn, ExpiresOn(c.CompletedOn, c.ValidityMonths!.Value), MentorVetting.StateOf(ExpiresOn(c.CompletedOn, c.ValidityMonths!.Value), today)))
            .Where(r => r.State != DueState.Current)
            .OrderBy(r => r.ExpiresOn).ThenBy(r => r.CourseName, StringComparer.Ordinal)];
}

/// <summary>
/// Supervision and wellbeing check-ins for mentors. Source: issue #20 §4 ("a robust infrastructure of support":
/// supervision sessions and wellbeing check-ins with a configurable interval and an alert when overdue). The next one is
/// due one interval after the last, or after the mentor last became active when there has been none; it is overdue
/// from the day after that. A mentor is "on time" at a date when they are active and not overdue then.
/// </summary>
public static class MentorSupport
{
    /// <summary>The default interval between supervision sessions, in weeks (configurable: Mentoring:SupervisionWeeks).</summary>
    public const int DefaultSupervisionWeeks = 6;

    /// <summary>The default interval between wellbeing check-ins, in weeks (configurable: Mentoring:WellbeingWeeks).</summary>
    public const int DefaultWellbeingWeeks = 4;

    public static LocalDate DueOn(LocalDate? lastHeldOn, LocalDate activeSince, int intervalWeeks) =>
        (lastHeldOn is { } last && last >= activeSince ? last : activeSince).PlusWeeks(intervalWeeks);

    public static bool OverdueOn(LocalDate? lastHeldOn, LocalDate activeSince, int intervalWeeks, LocalDate date) =>
        date > DueOn(lastHeldOn, activeSince, intervalWeeks);

    /// <summary>Whether a mentor active since <paramref name="activeSince"/> was up to date on <paramref name="date"/>,
    /// given every date a session was held (later ones are ignored).</summary>
    public static bool OnTimeOn(IEnumerable<LocalDate> heldOn, LocalDate activeSince, int intervalWeeks, LocalDate date)
    {
        var before = heldOn.Where(d => d <= date).ToList();
        return !OverdueOn(before.Count == 0 ? null : before.Max(), activeSince, intervalWeeks, date);
    }

    /// <summary>The on-time percentage of <paramref name="checks"/> (one per active mentor per month end), one decimal
    /// place, halves away from zero; null when there is nothing to check.</summary>
    public static decimal? OnTimePercent(IReadOnlyCollection<bool> checks) =>
        checks.Count == 0 ? null : Rounding.Percent(checks.Count(c => c), checks.Count);
}

using NodaTime;

namespace Beacon.Domain.Outcomes;

/// <summary>
/// Rules of a child's safety and support plan and the family plan. Source: issue #19 §2 and §4, docs/decisions/0023.
/// An agreed action is <em>overdue</em> from the day after its due date until it is done (an action due today is not
/// yet overdue; one done late is no longer overdue). A plan is <em>due for review</em> on and after its review date.
/// A family goal's progress is a score from 1 to 10 or achieved / not achieved, by the goal's measure. Pure.
/// </summary>
public static class SupportPlanRules
{
    public const int LowestScore = 1;

    public const int HighestScore = 10;

    /// <summary>Whether an action due on <paramref name="dueOn"/> and done on <paramref name="doneOn"/> (null while not
    /// done) is overdue on <paramref name="today"/> (London date).</summary>
    public static bool IsOverdue(LocalDate dueOn, LocalDate? doneOn, LocalDate today) => doneOn is null && dueOn < today;

    /// <summary>Whether a plan with review date <paramref name="reviewOn"/> is due for review on <paramref name="today"/>.</summary>
    public static bool IsReviewDue(LocalDate? reviewOn, LocalDate today) => reviewOn is { } on && on <= today;

    /// <summary>Whether <paramref name="score"/> is a progress score (1–10) of a scored family goal.</summary>
    public static bool IsProgressScore(int score) => score is >= LowestScore and <= HighestScore;
}

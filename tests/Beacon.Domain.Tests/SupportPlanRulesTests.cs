using Beacon.Domain.Outcomes;
using NodaTime;

namespace Beacon.Domain.Tests;

/// <summary>The safety plan's and the family plan's rules at their edges (issue #19 §2, §4).</summary>
public sealed class SupportPlanRulesTests
{
    private static readonly LocalDate Today = new(2026, 12, 5);

    [Theory]
    [InlineData(-1, null, true)] // due yesterday, not done
    [InlineData(0, null, false)] // due today: not yet overdue
    [InlineData(1, null, false)]
    [InlineData(-10, 0, false)] // done late: no longer overdue
    [InlineData(-10, -20, false)]
    public void An_action_is_overdue_from_the_day_after_it_is_due_until_it_is_done(int dueInDays, int? doneInDays, bool overdue) =>
        Assert.Equal(overdue, SupportPlanRules.IsOverdue(Today.PlusDays(dueInDays), doneInDays is { } d ? Today.PlusDays(d) : null, Today));

    [Fact]
    public void A_plan_is_due_for_review_on_its_review_date_and_after()
    {
        Assert.False(SupportPlanRules.IsReviewDue(null, Today));
        Assert.False(SupportPlanRules.IsReviewDue(Today.PlusDays(1), Today));
        Assert.True(SupportPlanRules.IsReviewDue(Today, Today));
        Assert.True(SupportPlanRules.IsReviewDue(Today.PlusDays(-1), Today));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Progress_is_scored_from_one_to_ten(int score, bool valid) => Assert.Equal(valid, SupportPlanRules.IsProgressScore(score));
}

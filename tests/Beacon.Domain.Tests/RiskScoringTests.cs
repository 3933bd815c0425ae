using Beacon.Domain.Exploitation;
using NodaTime;

namespace Beacon.Domain.Tests;

public class RiskScoringTests
{
    // Low from 2 points, Medium from 6, High from 10. "weapon" forces High; "older" forces Medium.
    private static readonly MatrixTemplate Template = new(1, "Test matrix",
    [
        new MatrixSection("Missing and going out", [new Indicator("late", "Out late without explanation", 1), new Indicator("missing", "Missing repeatedly", 2)]),
        new MatrixSection("Relationships", [new Indicator("older", "Relationship with an older person", 2, RiskLevel.Medium)]),
        new MatrixSection("Offending", [new Indicator("weapon", "Carrying a weapon", 1, RiskLevel.High)]),
    ], LowFrom: 2, MediumFrom: 6, HighFrom: 10);

    private static MatrixScore Score(params (string Code, IndicatorAnswer Answer)[] answers) =>
        RiskScoring.Score(Template, answers.ToDictionary(a => a.Code, a => a.Answer));

    [Fact]
    public void No_answers_is_no_risk_identified()
    {
        var score = Score();
        Assert.Equal((0, RiskLevel.NoRiskIdentified), (score.Points, score.Level));
    }

    [Fact]
    public void Points_just_below_a_threshold_stay_at_the_lower_level_and_reaching_it_moves_up()
    {
        Assert.Equal(RiskLevel.NoRiskIdentified, Score(("late", IndicatorAnswer.Suspected)).Level); // 1 point
        Assert.Equal(RiskLevel.Low, Score(("late", IndicatorAnswer.Known)).Level); // 2 points: exactly Low
        var justBelowMedium = Score(("late", IndicatorAnswer.Suspected), ("missing", IndicatorAnswer.Known)); // 1 + 4
        Assert.Equal((5, RiskLevel.Low), (justBelowMedium.Points, justBelowMedium.Level));
        Assert.Equal(RiskLevel.Medium, Score(("late", IndicatorAnswer.Known), ("missing", IndicatorAnswer.Known)).Level); // 2 + 4 = 6: exactly Medium
    }

    [Fact]
    public void Known_counts_twice_the_weight_and_suspected_once()
    {
        Assert.Equal(4, Score(("missing", IndicatorAnswer.Known)).Points);
        Assert.Equal(2, Score(("missing", IndicatorAnswer.Suspected)).Points);
    }

    [Fact]
    public void A_forcing_indicator_sets_a_floor_when_known_and_one_level_lower_when_suspected()
    {
        var known = Score(("weapon", IndicatorAnswer.Known)); // 2 points: Low by points
        Assert.Equal((RiskLevel.Low, RiskLevel.High), (known.ByPoints, known.Level));
        Assert.Equal(["weapon"], known.ForcedBy);
        Assert.Equal(RiskLevel.Medium, Score(("weapon", IndicatorAnswer.Suspected)).Level);
        Assert.Equal(RiskLevel.Low, Score(("older", IndicatorAnswer.Suspected)).Level); // Medium - 1, never below Low
    }

    [Fact]
    public void Points_above_a_forced_floor_win()
    {
        var score = Score(("older", IndicatorAnswer.Known), ("missing", IndicatorAnswer.Known), ("late", IndicatorAnswer.Known)); // 4 + 4 + 2 = 10
        Assert.Equal((10, RiskLevel.High), (score.Points, score.Level));
    }

    [Fact]
    public void Answers_to_indicators_not_in_the_template_are_ignored()
    {
        Assert.Equal(0, Score(("retired-indicator", IndicatorAnswer.Known)).Points);
    }

    [Fact]
    public void A_template_must_have_rising_thresholds_and_unique_codes()
    {
        Assert.Empty(Template.Problems());
        var bad = Template with { MediumFrom = 2, Sections = [.. Template.Sections, new MatrixSection("Again", [new Indicator("late", "Duplicate", 1)])] };
        Assert.Equal(2, bad.Problems().Count);
    }

    [Theory]
    [InlineData(RiskLevel.NoRiskIdentified, Pathway.NoFurtherAction)]
    [InlineData(RiskLevel.Low, Pathway.KeyWork)]
    [InlineData(RiskLevel.Medium, Pathway.MacePanel)]
    [InlineData(RiskLevel.High, Pathway.MacePanel)]
    public void Low_goes_to_key_work_and_medium_or_high_to_the_panel(RiskLevel level, Pathway pathway) =>
        Assert.Equal(pathway, ReferralRules.PathwayFor(level));

    [Fact]
    public void Reassessment_is_due_six_weeks_after_the_last_assessment_across_a_leap_day()
    {
        Assert.Equal(new LocalDate(2028, 3, 28), ReferralRules.ReassessmentDue(new LocalDate(2028, 2, 15)));
        Assert.Equal(new LocalDate(2027, 1, 8), ReferralRules.ReassessmentDue(new LocalDate(2026, 11, 27)));
    }
}

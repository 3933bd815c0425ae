using Beacon.Domain.Exploitation;
using Beacon.Domain.Outcomes;
using Beacon.Domain.Reporting;
using NodaTime;

namespace Beacon.Domain.Tests;

/// <summary>The outcome measure's definitions at their edges (issue #19 §1, ADR 21).</summary>
public sealed class OutcomeMeasureTests
{
    private static readonly ReportingPeriod Year2024 = FinancialYear.Year(2024); // 1 April 2024 to 31 March 2025
    private static readonly Guid Ann = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Ben = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    private static AreaScore S(Guid child, string area, int y, int m, int d, int score, int version = 1) => new(child, area, new LocalDate(y, m, d), score, version);

    [Fact]
    public void One_reading_does_not_count()
    {
        Assert.Empty(OutcomeMeasure.Changes([S(Ann, "HOME", 2024, 6, 1, 4)], Year2024));
        Assert.Equal(new AreaFigures("HOME", 0, null, null, null, 0, null), OutcomeMeasure.Figures("HOME", []));
        Assert.Null(OutcomeMeasure.AreasImprovedPerChild([]));
    }

    [Fact]
    public void Readings_straddling_the_year_first_is_before_it_latest_is_the_last_within_it()
    {
        // First in March 2024 (year before), two within the year, one after the year ends (ignored).
        var scores = new[] { S(Ann, "HOME", 2024, 3, 31, 3), S(Ann, "HOME", 2024, 4, 1, 5), S(Ann, "HOME", 2025, 3, 31, 7), S(Ann, "HOME", 2025, 4, 1, 9) };
        var change = Assert.Single(OutcomeMeasure.Changes(scores, Year2024));
        Assert.Equal((3, 7, 4, true), (change.First, change.Latest, change.Change, change.Improved));
    }

    [Fact]
    public void Two_readings_both_before_the_year_do_not_count_nor_does_one_before_and_one_after()
    {
        Assert.Empty(OutcomeMeasure.Changes([S(Ann, "HOME", 2023, 5, 1, 3), S(Ann, "HOME", 2024, 3, 31, 6)], Year2024));
        Assert.Empty(OutcomeMeasure.Changes([S(Ann, "HOME", 2024, 3, 31, 3), S(Ann, "HOME", 2025, 4, 1, 6)], Year2024));
    }

    [Fact]
    public void Two_readings_within_the_year_count_and_no_change_is_not_improvement()
    {
        var change = Assert.Single(OutcomeMeasure.Changes([S(Ann, "HOME", 2024, 4, 1, 6), S(Ann, "HOME", 2024, 9, 1, 6)], Year2024));
        Assert.Equal((0, false), (change.Change, change.Improved));
        var worse = Assert.Single(OutcomeMeasure.Changes([S(Ann, "HOME", 2024, 4, 1, 6), S(Ann, "HOME", 2024, 9, 1, 2)], Year2024));
        Assert.Equal((-4, false), (worse.Change, worse.Improved));
    }

    [Fact]
    public void A_skipped_area_counts_only_where_it_was_scored_twice()
    {
        // Ann scored BEING_SAFE twice but skipped HOME at review: she counts for BEING_SAFE only.
        var scores = new[] { S(Ann, "BEING_SAFE", 2024, 5, 1, 2), S(Ann, "HOME", 2024, 5, 1, 5), S(Ann, "BEING_SAFE", 2024, 8, 1, 6) };
        var change = Assert.Single(OutcomeMeasure.Changes(scores, Year2024));
        Assert.Equal("BEING_SAFE", change.Area);
        // Skipped at the first reading and scored at two later ones: first is the earliest score, not the earliest reading.
        var later = OutcomeMeasure.Changes([S(Ben, "HOME", 2024, 6, 1, 4), S(Ben, "HOME", 2024, 9, 1, 8)], Year2024);
        Assert.Equal(4, Assert.Single(later).Change);
    }

    [Fact]
    public void Readings_on_different_framework_versions_are_compared_by_area_code()
    {
        var change = Assert.Single(OutcomeMeasure.Changes([S(Ann, "HOME", 2024, 5, 1, 2, version: 1), S(Ann, "HOME", 2024, 8, 1, 5, version: 2)], Year2024));
        Assert.Equal(3, change.Change);
        Assert.Empty(OutcomeMeasure.Changes([S(Ann, "HOME", 2024, 5, 1, 2, version: 1), S(Ann, "HOME_V2", 2024, 8, 1, 5, version: 2)], Year2024));
    }

    [Fact]
    public void Figures_average_to_two_decimals_halves_away_from_zero()
    {
        // Three children: 3 -> 4 (+1), 4 -> 4 (0), 2 -> 8 (+6). First 9/3 = 3.00; latest 16/3 = 5.33; change 7/3 = 2.33;
        // improved 2 of 3 = 66.7 %.
        var c = Guid.NewGuid();
        var changes = new[] { new AreaChange(Ann, "HOME", 3, 4), new AreaChange(Ben, "HOME", 4, 4), new AreaChange(c, "HOME", 2, 8), new AreaChange(c, "BEING_SAFE", 1, 2) };
        Assert.Equal(new AreaFigures("HOME", 3, 3.00m, 5.33m, 2.33m, 2, 66.7m), OutcomeMeasure.Figures("HOME", changes));
        // An exact half: (1 + 2) / 2 = 1.5 -> 1.50; 1/8 = 0.125 -> 0.13.
        Assert.Equal(0.13m, OutcomeMeasure.Figures("X", [.. Enumerable.Range(0, 8).Select(i => new AreaChange(Guid.NewGuid(), "X", 1, i == 0 ? 2 : 1))]).AverageChange);
        // Areas improved per child: Ann 1, Ben 0, c 2 -> 3 / 3 = 1.00.
        Assert.Equal(1.00m, OutcomeMeasure.AreasImprovedPerChild(changes));
    }

    [Fact]
    public void Reduced_risk_at_closure_is_a_lower_closing_level()
    {
        Assert.True(OutcomeMeasure.ClosedWithReducedRisk(RiskLevel.High, RiskLevel.Medium));
        Assert.False(OutcomeMeasure.ClosedWithReducedRisk(RiskLevel.Medium, RiskLevel.Medium));
        Assert.False(OutcomeMeasure.ClosedWithReducedRisk(RiskLevel.Low, null));
        Assert.Equal(33.3m, OutcomeMeasure.ReducedRiskPercent(3, 1));
        Assert.Null(OutcomeMeasure.ReducedRiskPercent(0, 0));
    }

    [Fact]
    public void A_review_reading_is_due_the_configured_weeks_after_the_latest()
    {
        Assert.Equal(new LocalDate(2024, 8, 26), OutcomeMeasure.ReviewDueOn(new LocalDate(2024, 6, 3), OutcomeMeasure.DefaultReviewWeeks));
        Assert.Equal(new LocalDate(2024, 6, 10), OutcomeMeasure.ReviewDueOn(new LocalDate(2024, 6, 3), 0)); // at least a week
    }
}

public sealed class OutcomeFrameworkTests
{
    private static LifeArea Area(string code, params ScoreBand[] bands) => new(code, "An area", bands.Length > 0 ? bands : [new ScoreBand(1, 5, "Low"), new ScoreBand(6, 10, "High")]);

    [Fact]
    public void A_framework_needs_unique_codes_and_bands_covering_one_to_ten()
    {
        Assert.Empty(new OutcomeFramework(1, "Ours", [Area("BEING_SAFE"), Area("HOME")]).Problems());
        Assert.Contains(new OutcomeFramework(1, "Ours", [Area("HOME"), Area("HOME")]).Problems(), p => p.Contains("more than once", StringComparison.Ordinal));
        Assert.Contains(new OutcomeFramework(1, "Ours", [Area("home")]).Problems(), p => p.Contains("capital letters", StringComparison.Ordinal));
        Assert.NotEmpty(new OutcomeFramework(1, "Ours", [Area("HOME", new ScoreBand(1, 4, "a"), new ScoreBand(6, 10, "b"))]).Problems()); // gap
        Assert.NotEmpty(new OutcomeFramework(1, "Ours", [Area("HOME", new ScoreBand(1, 6, "a"), new ScoreBand(5, 10, "b"))]).Problems()); // overlap
        Assert.NotEmpty(new OutcomeFramework(1, "Ours", [Area("HOME", new ScoreBand(1, 9, "a"))]).Problems()); // stops at 9
        Assert.NotEmpty(new OutcomeFramework(1, "Ours", []).Problems());
        Assert.Equal("High", Area("HOME").Describe(6));
    }
}

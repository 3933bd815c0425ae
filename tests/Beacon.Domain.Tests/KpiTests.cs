using Beacon.Domain.Contract;
using Beacon.Domain.Reporting;
using NodaTime;

namespace Beacon.Domain.Tests;

/// <summary>Issue #18 §2: RAG ratings at their edges, the indicators' definitions, and working days in England.</summary>
public class KpiTests
{
    [Theory]
    [InlineData(80_000, "GREEN")] // exactly the green threshold
    [InlineData(79_999, "AMBER")]
    [InlineData(70_000, "AMBER")] // exactly the amber threshold
    [InlineData(69_999, "RED")]
    public void Higher_is_better_rates_a_value_equal_to_a_threshold_as_that_threshold(long value, string rag) =>
        Assert.Equal(rag, Rag.Of(value, 80_000, 70_000, higherIsBetter: true));

    [Theory]
    [InlineData(24_000, "GREEN")]
    [InlineData(12_000, "GREEN")]
    [InlineData(24_001, "AMBER")]
    [InlineData(48_000, "AMBER")]
    [InlineData(48_001, "RED")]
    public void Lower_is_better_rates_values_at_or_below_the_threshold(long value, string rag) =>
        Assert.Equal(rag, Rag.Of(value, 24_000, 48_000, higherIsBetter: false));

    [Fact]
    public void No_data_has_no_rating() => Assert.Null(Rag.Of(null, 80_000, 70_000, true));

    [Fact]
    public void A_rating_is_always_told_in_words_as_well_as_colour()
    {
        Assert.Equal("Green: on target", Rag.Label(Rag.Green));
        Assert.Equal("Red: off target", Rag.Label(Rag.Red));
        Assert.Equal("No rating", Rag.Label(null));
    }

    [Fact]
    public void Every_indicator_is_defined_once_with_a_definition_and_formula()
    {
        Assert.Equal(Kpis.All.Count, Kpis.All.Select(k => k.Id).Distinct().Count());
        Assert.All(Kpis.All, k => Assert.False(string.IsNullOrWhiteSpace(k.Definition) || string.IsNullOrWhiteSpace(k.Formula) || string.IsNullOrWhiteSpace(k.Name)));
        Assert.False(Kpis.MedianHoursToOffer.HigherIsBetter);
        Assert.Same(Kpis.ActiveMentors, Kpis.Find("active_mentors"));
    }

    [Fact]
    public void A_published_percentage_is_exact_in_thousandths() => Assert.Equal(72_500, Kpis.Milli(72.5m));

    [Theory]
    [InlineData(new[] { 10.0, 30.0, 20.0 }, 20.0)]
    [InlineData(new[] { 10.0, 20.0, 30.0, 41.0 }, 25.0)]
    [InlineData(new[] { 1.0, 2.0 }, 1.5)]
    [InlineData(new[] { 1.0, 1.25 }, 1.1)] // 1.125 to one place, halves away from zero
    public void The_median_is_the_middle_value_or_the_mean_of_the_middle_two(double[] values, double median) =>
        Assert.Equal((decimal)median, Kpis.Median(values.Select(v => (decimal)v), 1));

    [Fact]
    public void The_median_of_nothing_is_no_data() => Assert.Null(Kpis.Median([], 1));

    [Fact]
    public void Green_must_be_at_or_beyond_amber_in_the_better_direction()
    {
        Assert.Empty(Kpis.TargetProblems(Kpis.RhiOfferedWithin72h, 80, 80, 70));
        Assert.Empty(Kpis.TargetProblems(Kpis.RhiOfferedWithin72h, 80, 75, 75));
        Assert.NotEmpty(Kpis.TargetProblems(Kpis.RhiOfferedWithin72h, 80, 70, 80));
        Assert.Empty(Kpis.TargetProblems(Kpis.MedianHoursToOffer, 24, 24, 48));
        Assert.NotEmpty(Kpis.TargetProblems(Kpis.MedianHoursToOffer, 24, 48, 24));
        Assert.NotEmpty(Kpis.TargetProblems(Kpis.NotificationsOffered, 101, 101, 90));
    }

    [Theory]
    [InlineData(2024, "2024-01-01,2024-03-29,2024-04-01,2024-05-06,2024-05-27,2024-08-26,2024-12-25,2024-12-26")]
    [InlineData(2022, "2022-01-03,2022-04-15,2022-04-18,2022-05-02,2022-06-02,2022-06-03,2022-08-29,2022-09-19,2022-12-26,2022-12-27")]
    [InlineData(2020, "2020-01-01,2020-04-10,2020-04-13,2020-05-08,2020-05-25,2020-08-31,2020-12-25,2020-12-28")]
    [InlineData(2023, "2023-01-02,2023-04-07,2023-04-10,2023-05-01,2023-05-08,2023-05-29,2023-08-28,2023-12-25,2023-12-26")]
    [InlineData(2026, "2026-01-01,2026-04-03,2026-04-06,2026-05-04,2026-05-25,2026-08-31,2026-12-25,2026-12-28")]
    public void Bank_holidays_in_England_match_the_published_list(int year, string expected) =>
        Assert.Equal(expected, string.Join(",", WorkingDays.BankHolidays(year).Select(d => d.ToString("yyyy-MM-dd", null))));

    [Fact]
    public void Five_working_days_skip_the_weekend_and_bank_holidays()
    {
        Assert.Equal(new LocalDate(2024, 6, 7), WorkingDays.Add(new LocalDate(2024, 5, 31), 5)); // Friday to Friday
        Assert.Equal(new LocalDate(2024, 4, 8), WorkingDays.Add(new LocalDate(2024, 3, 28), 5)); // Thursday, over Good Friday and Easter Monday
        Assert.Equal(new LocalDate(2024, 12, 31), WorkingDays.Add(new LocalDate(2024, 12, 21), 5)); // a Saturday start, over Christmas
    }
}

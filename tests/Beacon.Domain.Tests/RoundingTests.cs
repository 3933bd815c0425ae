using Beacon.Domain.Reporting;

namespace Beacon.Domain.Tests;

/// <summary>Issue #23 §2: every published figure rounds halves away from zero, like a spreadsheet's ROUND.</summary>
public class RoundingTests
{
    [Theory]
    [InlineData(51, 24, 2, "2.13")] // 2.125: halves to even would give 2.12
    [InlineData(-51, 24, 2, "-2.13")]
    [InlineData(51, -24, 2, "-2.13")]
    [InlineData(201, 200, 2, "1.01")] // 1.005: not exact in binary floating point (1.00499…), exact here
    [InlineData(1, 8, 2, "0.13")] // 0.125
    [InlineData(3, 8, 2, "0.38")] // 0.375
    [InlineData(5, 2, 0, "3")] // 2.5
    [InlineData(-5, 2, 0, "-3")]
    [InlineData(7, 2, 0, "4")] // 3.5
    [InlineData(2, 3, 2, "0.67")]
    [InlineData(1, 3, 2, "0.33")]
    [InlineData(0, 7, 2, "0.00")]
    public void A_ratio_rounds_halves_away_from_zero(long part, long whole, int places, string expected)
    {
        Assert.Equal(expected, Rounding.Format(Rounding.Ratio(part, whole, places), places));
        Assert.Equal(expected, Rounding.Ratio(part, whole, places).ToString(System.Globalization.CultureInfo.InvariantCulture)); // the value carries its places
    }

    [Theory]
    [InlineData(1, 200, "0.5")] // 0.5 %
    [InlineData(1, 400, "0.3")] // 0.25 %
    [InlineData(1, 800, "0.1")] // 0.125 %
    [InlineData(1, 2000, "0.1")] // 0.05 %
    [InlineData(1, 16, "6.3")] // 6.25 %
    [InlineData(3, 16, "18.8")] // 18.75 %
    [InlineData(2, 3, "66.7")]
    [InlineData(-1, 400, "-0.3")]
    [InlineData(200, 200, "100.0")]
    public void A_percentage_to_one_place_rounds_halves_away_from_zero(long part, long whole, string expected) =>
        Assert.Equal(expected, Rounding.Format(Rounding.Percent(part, whole), 1));

    [Theory]
    [InlineData("2.125", 2, "2.13")]
    [InlineData("-2.125", 2, "-2.13")]
    [InlineData("2.135", 2, "2.14")]
    [InlineData("0.05", 1, "0.1")]
    [InlineData("2.5", 0, "3")]
    public void A_decimal_rounds_and_formats_halves_away_from_zero(string value, int places, string expected) =>
        Assert.Equal(expected, Rounding.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), places));

    [Fact]
    public void Whole_numbers_and_a_zero_denominator()
    {
        Assert.Equal(70, Rounding.Whole(140 * 1, 2)); // 70
        Assert.Equal(47, Rounding.Whole(140 * 1, 3)); // 46.67
        Assert.Equal(3, Rounding.Whole(5, 2)); // 2.5
        Assert.Throws<ArgumentOutOfRangeException>(() => Rounding.Ratio(1, 0, 2));
    }
}

/// <summary>Issue #23 §3: children at or above a repeat-missing threshold at any time in a period.</summary>
public class RepeatMissingReachTests
{
    private static int Day(int month, int day) => new DateOnly(2020, month, day).DayNumber;

    [Fact]
    public void A_child_at_three_in_90_days_is_at_or_above_from_the_third_start_until_the_first_leaves_the_window()
    {
        int[] starts = [Day(3, 1), Day(3, 10), Day(3, 20)]; // three starts in March: at 3 from 20 March to 30 May (1 March + 90)
        Assert.True(RepeatMissingReach.AtOrAboveDuring(starts, 3, 90, Day(4, 1), Day(7, 1))); // Q1: carried over from March
        Assert.True(RepeatMissingReach.AtOrAboveDuring(starts, 3, 90, Day(5, 30), Day(5, 31))); // day 90 inside
        Assert.False(RepeatMissingReach.AtOrAboveDuring(starts, 3, 90, Day(5, 31), Day(7, 1))); // day 91 outside
        Assert.False(RepeatMissingReach.AtOrAboveDuring(starts, 3, 90, Day(1, 1), Day(3, 20))); // before the third start
        Assert.False(RepeatMissingReach.AtOrAboveDuring(starts, 5, 90, Day(1, 1), Day(12, 31)));
    }

    [Fact]
    public void Starts_more_than_90_days_apart_never_reach_three()
    {
        int[] starts = [Day(1, 1), Day(3, 1), Day(4, 1)]; // 91 days from 1 January to 1 April
        Assert.False(RepeatMissingReach.AtOrAboveDuring(starts, 3, 90, Day(1, 1), Day(12, 31)));
        Assert.True(RepeatMissingReach.AtOrAboveDuring(starts, 2, 90, Day(4, 1), Day(4, 2)));
    }
}

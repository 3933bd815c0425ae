using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using NodaTime;

namespace Beacon.Domain.Tests;

public class FinancialYearTests
{
    [Theory]
    [InlineData(2021, 3, 31, 2020, 4)]
    [InlineData(2021, 4, 1, 2021, 1)]
    [InlineData(2021, 6, 30, 2021, 1)]
    [InlineData(2021, 7, 1, 2021, 2)]
    [InlineData(2021, 12, 31, 2021, 3)]
    [InlineData(2022, 1, 1, 2021, 4)]
    public void Quarters_follow_the_uk_financial_year(int y, int m, int d, int year, int quarter)
    {
        var date = new LocalDate(y, m, d);
        Assert.Equal(year, FinancialYear.Of(date));
        Assert.Equal(quarter, FinancialYear.QuarterOf(date));
        Assert.True(FinancialYear.Quarter(year, quarter).Contains(date));
    }

    [Fact]
    public void A_notification_at_2330_utc_on_30_june_is_1_july_in_london_so_q2()
    {
        var received = Instant.FromUtc(2020, 6, 30, 23, 30);
        var date = ChildAge.DateOf(received);
        Assert.Equal(new LocalDate(2020, 7, 1), date);
        Assert.Equal(2, FinancialYear.QuarterOf(date));
        Assert.True(received >= FinancialYear.Quarter(2020, 2).StartInstant);
        Assert.Equal(Instant.FromUtc(2020, 6, 30, 23, 0), FinancialYear.Quarter(2020, 2).StartInstant); // London midnight in BST
    }

    [Theory]
    [InlineData(2020, 2020)]
    [InlineData(1999, 2026)]
    [InlineData(2027, 2026)]
    public void A_requested_year_outside_the_possible_range_becomes_the_current_one(int requested, int expected) =>
        Assert.Equal(expected, FinancialYear.RequestedOrCurrent(requested, Instant.FromUtc(2026, 11, 22, 12, 0)));

    [Fact]
    public void Previous_quarter_wraps_into_the_previous_year() => Assert.Equal((2019, 4), FinancialYear.Previous(2020, 1));

    [Fact]
    public void A_year_has_twelve_months_from_april() => Assert.Equal("2021-03", FinancialYear.Months(2020)[^1].Label);
}

public class RepeatMissingTests
{
    private static readonly LocalDate Day0 = new(2026, 1, 1);

    [Fact]
    public void Three_episodes_with_the_first_and_last_90_days_apart_cross_the_first_threshold()
    {
        var starts = new[] { Day0, Day0.PlusDays(40), Day0.PlusDays(90) };
        Assert.Equal([3], RepeatMissing.NewlyCrossed(starts, RepeatMissingPolicy.Default));
    }

    [Fact]
    public void Ninety_one_days_apart_do_not()
    {
        var starts = new[] { Day0, Day0.PlusDays(40), Day0.PlusDays(91) };
        Assert.Empty(RepeatMissing.NewlyCrossed(starts, RepeatMissingPolicy.Default));
        Assert.Equal(0, RepeatMissing.LevelOn(starts, Day0.PlusDays(91), RepeatMissingPolicy.Default));
    }

    [Fact]
    public void A_threshold_is_raised_once_not_on_every_later_episode()
    {
        var starts = new List<LocalDate> { Day0, Day0.PlusDays(1), Day0.PlusDays(2) };
        Assert.Equal([3], RepeatMissing.NewlyCrossed(starts, RepeatMissingPolicy.Default));
        starts.Add(Day0.PlusDays(3));
        Assert.Empty(RepeatMissing.NewlyCrossed(starts, RepeatMissingPolicy.Default));
        starts.Add(Day0.PlusDays(4));
        Assert.Equal([5], RepeatMissing.NewlyCrossed(starts, RepeatMissingPolicy.Default));
    }

    [Fact]
    public void After_the_window_empties_the_threshold_can_be_crossed_again()
    {
        var starts = new List<LocalDate> { Day0, Day0.PlusDays(1), Day0.PlusDays(2), Day0.PlusDays(200), Day0.PlusDays(201) };
        Assert.Empty(RepeatMissing.NewlyCrossed(starts, RepeatMissingPolicy.Default));
        starts.Add(Day0.PlusDays(202));
        Assert.Equal([3], RepeatMissing.NewlyCrossed(starts, RepeatMissingPolicy.Default));
    }

    [Fact]
    public void Nine_in_the_window_is_the_top_level()
    {
        var starts = Enumerable.Range(0, 9).Select(i => Day0.PlusDays(i * 10)).ToList();
        Assert.Equal(9, RepeatMissing.LevelOn(starts, Day0.PlusDays(80), RepeatMissingPolicy.Default));
        Assert.Equal([9], RepeatMissing.NewlyCrossed(starts, RepeatMissingPolicy.Default));
    }
}

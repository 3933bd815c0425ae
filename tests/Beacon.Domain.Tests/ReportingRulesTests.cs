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

    private static IReadOnlyList<Crossing<int>> Crossings(IEnumerable<int> days, params (int Level, int Day)[] raised) =>
        RepeatMissing.UnraisedCrossings(days.Select(d => (d, Day0.PlusDays(d))), raised.Select(r => (r.Level, Day0.PlusDays(r.Day))), RepeatMissingPolicy.Default);

    private static List<(int Level, int Day)> Levels(IEnumerable<int> days, params (int Level, int Day)[] raised) =>
        [.. Crossings(days, raised).Select(c => (c.Level, c.Episode))];

    [Fact]
    public void Three_episodes_with_the_first_and_last_90_days_apart_cross_the_first_threshold() =>
        Assert.Equal([(3, 90)], Levels([0, 40, 90]));

    [Fact]
    public void Ninety_one_days_apart_do_not()
    {
        Assert.Empty(Levels([0, 40, 91]));
        Assert.Equal(0, RepeatMissing.LevelOn([Day0, Day0.PlusDays(40), Day0.PlusDays(91)], Day0.PlusDays(91), RepeatMissingPolicy.Default));
    }

    [Fact]
    public void A_threshold_is_raised_once_not_on_every_later_episode()
    {
        Assert.Equal([(3, 2)], Levels([0, 1, 2]));
        Assert.Equal([(3, 2)], Levels([0, 1, 2, 3]));
        Assert.Equal([(3, 2), (5, 4)], Levels([0, 1, 2, 3, 4]));
        Assert.Equal([(5, 4)], Levels([0, 1, 2, 3, 4], (3, 2)));
        Assert.Empty(Levels([0, 1, 2, 3, 4], (3, 2), (5, 4)));
    }

    [Fact]
    public void After_the_window_empties_the_threshold_can_be_crossed_again() =>
        Assert.Equal([(3, 2), (3, 202)], Levels([0, 1, 2, 200, 201, 202]));

    [Fact]
    public void Nine_in_the_window_is_the_top_level()
    {
        var days = Enumerable.Range(0, 9).Select(i => i * 10).ToList();
        Assert.Equal(9, RepeatMissing.LevelOn(days.Select(d => Day0.PlusDays(d)), Day0.PlusDays(80), RepeatMissingPolicy.Default));
        Assert.Equal([(3, 20), (5, 40), (9, 80)], Levels(days));
    }

    /// <summary>Issue #22 §3: days 0, 1 and 80 cross 3; day 95 drops the window to 2 (80, 95); day 96 brings it back
    /// to 3 — within 90 days of the day-80 crossing, so its window overlaps and no second meeting is raised.</summary>
    [Fact]
    public void Falling_below_and_back_above_within_90_days_of_the_last_meeting_raises_nothing_new()
    {
        Assert.Equal([(3, 80)], Levels([0, 1, 80, 95, 96]));
        Assert.Empty(Levels([0, 1, 80, 95, 96], (3, 80)));
        Assert.Equal([(3, 80), (3, 192)], Levels([0, 1, 80, 95, 96, 190, 191, 192])); // 112 days after: a new window
    }

    [Fact]
    public void A_meeting_answers_for_crossings_up_to_90_days_either_side_of_its_own()
    {
        Assert.Empty(Levels([200, 201, 202], (3, 112))); // 90 days apart: the windows share day 112
        Assert.Equal([(3, 202)], Levels([200, 201, 202], (3, 111))); // 91: they do not
        Assert.Empty(Levels([200, 201, 202], (3, 292)));
        Assert.Equal([(3, 202)], Levels([200, 201, 202], (3, 293)));
        Assert.Equal([(3, 202)], Levels([200, 201, 202], (5, 202))); // another level answers for nothing here
    }

    /// <summary>Issue #22 §1: the crossings come from the whole history, whatever order the episodes arrive in — an
    /// early episode arriving last makes a later, stored episode the crossing.</summary>
    [Fact]
    public void An_episode_arriving_late_can_make_an_earlier_stored_episode_the_crossing()
    {
        Assert.Empty(Levels([40, 20]));
        Assert.Equal([(3, 40)], Levels([40, 20, 0]));
        Assert.Equal([(3, 40)], Levels([0, 20, 40]));
        Assert.Equal([(3, 340)], Levels([300, 320, 340]));
        Assert.Equal([(3, 40)], Levels([300, 320, 340, 0, 20, 40], (3, 340))); // an old window completed: raised, dated day 40
    }

    [Fact]
    public void Episodes_on_the_same_day_cross_at_the_one_that_completes_the_count()
    {
        var crossings = Crossings([7, 8, 9]);
        Assert.Equal(9, Assert.Single(crossings).Episode);
        var sameDay = RepeatMissing.UnraisedCrossings([("a", Day0), ("b", Day0), ("c", Day0)], [], RepeatMissingPolicy.Default);
        Assert.Equal(("c", Day0), (Assert.Single(sameDay).Episode, sameDay[0].CrossedOn));
    }

    /// <summary>Issue #22 §1: stored episodes on days 60, 70 and 80 raised a meeting crossed on day 80; episodes on days 0
    /// and 10 arriving late mean the history, in date order, crossed 3 on day 60 — the meeting is re-dated to day 60 and
    /// 5 is newly crossed on day 80, as if every episode had arrived in order.</summary>
    [Fact]
    public void A_late_episode_revealing_an_earlier_crossing_dates_the_raised_meeting_as_the_history_in_order_would()
    {
        int[] days = [60, 70, 80, 0, 10];
        var history = days.Select(d => (d, Day0.PlusDays(d))).ToList();
        var redated = RepeatMissing.EarlierCrossings(history, [(3, Day0.PlusDays(80))], RepeatMissingPolicy.Default);
        var (index, crossing) = Assert.Single(redated);
        Assert.Equal((0, 3, 60, Day0.PlusDays(60)), (index, crossing.Level, crossing.Episode, crossing.CrossedOn));
        Assert.Equal([(5, 80)], Levels(days, (3, 60)));
        Assert.Equal(Levels([0, 10, 60, 70, 80]), [(3, 60), .. Levels(days, (3, 60))]);

        // Nothing to re-date when the meeting already carries the in-order crossing, or a later one stands apart.
        Assert.Empty(RepeatMissing.EarlierCrossings(history, [(3, Day0.PlusDays(60))], RepeatMissingPolicy.Default));
        Assert.Empty(RepeatMissing.EarlierCrossings(days.Select(d => (d, Day0.PlusDays(d))), [(3, Day0.PlusDays(200))], RepeatMissingPolicy.Default));
    }
}

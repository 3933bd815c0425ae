using Beacon.Domain.Missing;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Domain.Tests;

public class ReturnInterviewRulesTests
{
    private static Instant At(string iso) => OffsetDateTimePattern.ExtendedIso.Parse(iso).Value.ToInstant();

    [Fact]
    public void The_offer_is_due_exactly_72_elapsed_hours_after_return()
    {
        var returned = At("2026-06-10T14:30:00+01:00");
        Assert.Equal(At("2026-06-13T14:30:00+01:00"), ReturnInterviewRules.OfferDueAt(returned));
        Assert.True(ReturnInterviewRules.OfferedInTime(returned, returned + Duration.FromHours(72)));
        Assert.False(ReturnInterviewRules.OfferedInTime(returned, returned + Duration.FromHours(72) + Duration.FromSeconds(1)));
    }

    [Fact]
    public void Across_the_autumn_clock_change_the_deadline_is_72_real_hours_so_the_wall_clock_time_is_an_hour_earlier()
    {
        // Clocks go back at 02:00 BST on Sunday 25 October 2026.
        var returned = At("2026-10-23T20:00:00+01:00");
        var due = ReturnInterviewRules.OfferDueAt(returned);
        Assert.Equal("2026-10-26T19:00:00Z", InstantPattern.ExtendedIso.Format(due));
        Assert.Equal(new LocalDateTime(2026, 10, 26, 19, 0), due.InZone(ChildAge.London).LocalDateTime);
    }

    [Fact]
    public void Across_the_spring_clock_change_the_wall_clock_time_is_an_hour_later()
    {
        // Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
        var returned = At("2026-03-27T20:00:00+00:00");
        Assert.Equal(new LocalDateTime(2026, 3, 30, 21, 0), ReturnInterviewRules.OfferDueAt(returned).InZone(ChildAge.London).LocalDateTime);
    }

    [Theory]
    [InlineData(RhiStatus.AwaitingOffer, 80, RhiUrgency.Overdue)]
    [InlineData(RhiStatus.AwaitingOffer, 72, RhiUrgency.DueSoon)]
    [InlineData(RhiStatus.AwaitingOffer, 60, RhiUrgency.DueSoon)]
    [InlineData(RhiStatus.AwaitingOffer, 59, RhiUrgency.ToOffer)]
    [InlineData(RhiStatus.Offered, 100, RhiUrgency.Waiting)]
    [InlineData(RhiStatus.Completed, 100, RhiUrgency.Closed)]
    public void Work_list_urgency(RhiStatus status, int hoursSinceReturn, RhiUrgency expected)
    {
        var returned = At("2026-06-01T09:00:00+01:00");
        Assert.Equal(expected, ReturnInterviewRules.UrgencyAt(status, ReturnInterviewRules.OfferDueAt(returned), returned + Duration.FromHours(hoursSinceReturn)));
    }

    [Fact]
    public void No_contact_needs_two_attempts_or_fourteen_days()
    {
        var returned = At("2026-06-01T09:00:00+01:00");
        var day13 = returned + Duration.FromDays(14) - Duration.FromSeconds(1);
        Assert.False(ReturnInterviewRules.MayCloseForNoContact(1, returned, day13));
        Assert.True(ReturnInterviewRules.MayCloseForNoContact(2, returned, returned + Duration.FromHours(30)));
        Assert.True(ReturnInterviewRules.MayCloseForNoContact(1, returned, returned + Duration.FromDays(14)));
        Assert.NotNull(ReturnInterviewRules.RefuseTransition(RhiStatus.Offered, RhiStatus.NoContact, 1, returned, day13));
        Assert.Null(ReturnInterviewRules.RefuseTransition(RhiStatus.Offered, RhiStatus.NoContact, 2, returned, day13));
    }

    [Theory]
    [InlineData(RhiStatus.AwaitingOffer, RhiStatus.Completed)]
    [InlineData(RhiStatus.AwaitingOffer, RhiStatus.Declined)]
    [InlineData(RhiStatus.AwaitingOffer, RhiStatus.NoContact)]
    [InlineData(RhiStatus.Offered, RhiStatus.NotOffered)]
    [InlineData(RhiStatus.Completed, RhiStatus.Declined)]
    [InlineData(RhiStatus.NotOffered, RhiStatus.Completed)]
    public void Transitions_that_must_be_refused(RhiStatus from, RhiStatus to)
    {
        var returned = At("2026-06-01T09:00:00+01:00");
        Assert.NotNull(ReturnInterviewRules.RefuseTransition(from, to, 5, returned, returned + Duration.FromDays(20)));
    }

    [Theory]
    [InlineData(RhiStatus.AwaitingOffer, RhiStatus.Offered)]
    [InlineData(RhiStatus.AwaitingOffer, RhiStatus.NotOffered)]
    [InlineData(RhiStatus.Offered, RhiStatus.Completed)]
    [InlineData(RhiStatus.Offered, RhiStatus.Declined)]
    [InlineData(RhiStatus.Completed, RhiStatus.Offered)]
    public void Transitions_that_are_allowed(RhiStatus from, RhiStatus to)
    {
        var returned = At("2026-06-01T09:00:00+01:00");
        Assert.Null(ReturnInterviewRules.RefuseTransition(from, to, 2, returned, returned + Duration.FromDays(2)));
    }

    [Fact]
    public void An_episode_that_returned_after_the_offer_may_have_its_own_interview_one_the_offer_covered_may_not()
    {
        var offered = At("2026-03-02T10:00:00Z");
        Assert.Null(ReturnInterviewRules.RefuseSeparation(RhiStatus.AwaitingOffer, 2, null, At("2026-03-01T09:00:00Z")));
        Assert.Null(ReturnInterviewRules.RefuseSeparation(RhiStatus.Offered, 2, offered, offered + Duration.FromSeconds(1)));
        Assert.NotNull(ReturnInterviewRules.RefuseSeparation(RhiStatus.Offered, 2, offered, offered)); // back at the moment of the offer: covered
        Assert.NotNull(ReturnInterviewRules.RefuseSeparation(RhiStatus.Offered, 3, offered, offered - Duration.FromHours(1)));
        Assert.NotNull(ReturnInterviewRules.RefuseSeparation(RhiStatus.AwaitingOffer, 1, null, offered)); // the only episode
        Assert.NotNull(ReturnInterviewRules.RefuseSeparation(RhiStatus.AwaitingOffer, 2, null, null)); // not back yet
        Assert.NotNull(ReturnInterviewRules.RefuseSeparation(RhiStatus.Completed, 2, offered, offered + Duration.FromDays(1)));
    }

    [Fact]
    public void Only_an_interview_with_nothing_recorded_may_hand_its_episodes_to_another_open_interview_of_the_child()
    {
        Assert.Null(ReturnInterviewRules.RefuseJoining(RhiStatus.AwaitingOffer, false, RhiStatus.Offered, sameChild: true));
        Assert.Null(ReturnInterviewRules.RefuseJoining(RhiStatus.AwaitingOffer, false, RhiStatus.AwaitingOffer, sameChild: true));
        Assert.NotNull(ReturnInterviewRules.RefuseJoining(RhiStatus.AwaitingOffer, true, RhiStatus.Offered, sameChild: true)); // a draft
        Assert.NotNull(ReturnInterviewRules.RefuseJoining(RhiStatus.Offered, false, RhiStatus.AwaitingOffer, sameChild: true));
        Assert.NotNull(ReturnInterviewRules.RefuseJoining(RhiStatus.AwaitingOffer, false, RhiStatus.Completed, sameChild: true));
        Assert.NotNull(ReturnInterviewRules.RefuseJoining(RhiStatus.AwaitingOffer, false, RhiStatus.Offered, sameChild: false));
    }

    /// <summary>Issue #22 §2: a return after the offer starts its own 72-hour clock; a return at the offer's instant is
    /// covered by it.</summary>
    [Fact]
    public void A_return_after_the_open_interview_was_offered_opens_its_own_even_by_a_tick()
    {
        var first = At("2026-03-28T10:00:00+00:00");
        var offered = first + Duration.FromHours(30);
        var week = ReturnInterviewRules.DefaultJoinWithin;
        Assert.True(ReturnInterviewRules.JoinsOpenInterview(offered - Duration.FromHours(1), first, offered, week));
        Assert.True(ReturnInterviewRules.JoinsOpenInterview(offered, first, offered, week));
        Assert.False(ReturnInterviewRules.JoinsOpenInterview(offered + Duration.Epsilon, first, offered, week));
        Assert.False(ReturnInterviewRules.JoinsOpenInterview(offered + Duration.FromDays(20), first, offered, week));
        Assert.True(ReturnInterviewRules.JoinsOpenInterview(offered + Duration.FromDays(20), first, null, Duration.FromDays(30)));
    }

    /// <summary>Issue #22 §2: not offered, a return joins within 7 elapsed days of the earliest covered return (both
    /// ends included, across the clock change of 29 March 2026), either side, and not one tick beyond.</summary>
    [Fact]
    public void A_return_joins_within_seven_days_of_the_earliest_covered_return_and_not_a_tick_later()
    {
        var first = At("2026-03-28T10:00:00+00:00");
        var week = ReturnInterviewRules.DefaultJoinWithin;
        Assert.Equal(Duration.FromDays(7), week);
        Assert.True(ReturnInterviewRules.JoinsOpenInterview(first, first, null, week));
        Assert.True(ReturnInterviewRules.JoinsOpenInterview(At("2026-04-04T11:00:00+01:00"), first, null, week)); // exactly 168 hours
        Assert.False(ReturnInterviewRules.JoinsOpenInterview(At("2026-04-04T11:00:00+01:00") + Duration.Epsilon, first, null, week));
        Assert.False(ReturnInterviewRules.JoinsOpenInterview(At("2026-04-04T10:00:00+01:00") + Duration.FromHours(1) + Duration.FromMinutes(1), first, null, week));
        Assert.True(ReturnInterviewRules.JoinsOpenInterview(first - week, first, null, week)); // an earlier return arriving late
        Assert.False(ReturnInterviewRules.JoinsOpenInterview(first - week - Duration.Epsilon, first, null, week));
        Assert.True(ReturnInterviewRules.JoinsOpenInterview(first + week, first, first + week, week)); // offered at that instant too
    }
}

public class ChildAgeTests
{
    [Fact]
    public void A_29_February_child_is_still_under_18_on_28_February_of_a_common_year_and_18_on_1_March()
    {
        var born = new LocalDate(2008, 2, 29);
        Assert.True(ChildAge.IsUnder18On(born, new LocalDate(2026, 2, 28)));
        Assert.False(ChildAge.IsUnder18On(born, new LocalDate(2026, 3, 1)));
    }

    [Theory]
    [InlineData(2026, 2, 28, 17)] // common year: not yet
    [InlineData(2026, 3, 1, 18)]
    [InlineData(2027, 2, 28, 18)]
    [InlineData(2027, 3, 1, 19)]
    [InlineData(2028, 2, 28, 19)] // leap year: the birthday is 29 February itself
    [InlineData(2028, 2, 29, 20)]
    [InlineData(2008, 2, 29, 0)]
    public void A_29_February_child_is_a_year_older_on_1_March_of_a_common_year_and_on_29_February_of_a_leap_year(int year, int month, int day, int age)
    {
        var born = new LocalDate(2008, 2, 29);
        var on = new LocalDate(year, month, day);
        Assert.Equal(age, ChildAge.YearsOn(born, on));
        Assert.Equal(age < 18, ChildAge.IsUnder18On(born, on)); // the age shown and the under-18 check never disagree
    }

    [Fact]
    public void An_ordinary_birthday_makes_the_child_18_on_the_day()
    {
        var born = new LocalDate(2008, 11, 22);
        Assert.True(ChildAge.IsUnder18On(born, new LocalDate(2026, 11, 21)));
        Assert.False(ChildAge.IsUnder18On(born, new LocalDate(2026, 11, 22)));
    }

    [Fact]
    public void Ages_are_whole_years_on_the_London_date()
    {
        Assert.Equal(15, ChildAge.YearsOn(new LocalDate(2010, 11, 23), new LocalDate(2026, 11, 22)));
        Assert.Equal(16, ChildAge.YearsOn(new LocalDate(2010, 11, 22), new LocalDate(2026, 11, 22)));
        // 23:30 UTC on 22 November is still 22 November in London in winter (GMT)...
        Assert.Equal(new LocalDate(2026, 11, 22), ChildAge.DateOf(Instant.FromUtc(2026, 11, 22, 23, 30)));
        // ...but 23:30 UTC on 22 June is 23 June in London (BST).
        Assert.Equal(new LocalDate(2026, 6, 23), ChildAge.DateOf(Instant.FromUtc(2026, 6, 22, 23, 30)));
    }
}

public class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919", true)] // the NHS's published example number
    [InlineData("943 476 5919", true)]
    [InlineData("9434765918", false)]
    [InlineData("943476591", false)]
    [InlineData("94347659199", false)]
    [InlineData("943476591A", false)]
    public void Check_digit(string text, bool valid) => Assert.Equal(valid, Beacon.Domain.Identifiers.NhsNumber.Normalise(text) is not null);

    [Fact]
    public void A_check_value_of_ten_is_always_invalid()
    {
        // 000000001x: sum = 1*2 = 2, 11 - 2 = 9 -> valid with 9; find a prefix whose check is 10: sum mod 11 == 1.
        // 100000000x: sum = 10 -> 11 - 10 = 1; 000000006x: sum = 12 -> 12 mod 11 = 1 -> check 10.
        for (var last = 0; last <= 9; last++)
        {
            Assert.False(Beacon.Domain.Identifiers.NhsNumber.IsValid($"000000006{last}"));
        }
    }
}

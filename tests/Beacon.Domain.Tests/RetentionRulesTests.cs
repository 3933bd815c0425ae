using Beacon.Domain.Retention;
using NodaTime;

namespace Beacon.Domain.Tests;

public class RetentionRulesTests
{
    [Fact]
    public void Records_are_kept_six_years_after_the_last_activity_when_the_child_is_already_over_25()
    {
        var birth = new LocalDate(1990, 5, 1);
        var last = new LocalDate(2020, 6, 15);
        Assert.Equal(new LocalDate(2026, 6, 15), RetentionRules.DeletableFrom(last, birth));
        Assert.False(RetentionRules.IsDue(new LocalDate(2026, 6, 14), last, birth, hasOpenWork: false)); // the day before
        Assert.True(RetentionRules.IsDue(new LocalDate(2026, 6, 15), last, birth, hasOpenWork: false)); // exactly six years
    }

    [Fact]
    public void A_young_person_s_records_are_kept_until_their_25th_birthday()
    {
        var birth = new LocalDate(2008, 3, 10);
        var last = new LocalDate(2024, 1, 1);
        Assert.Equal(new LocalDate(2033, 3, 10), RetentionRules.DeletableFrom(last, birth));
    }

    [Fact]
    public void A_29_February_birthday_counts_from_1_March_in_a_common_year()
    {
        Assert.Equal(new LocalDate(2033, 3, 1), RetentionRules.DeletableFrom(new LocalDate(2020, 1, 1), new LocalDate(2008, 2, 29)));
        Assert.Equal(new LocalDate(2032, 2, 29), RetentionRules.DeletableFrom(new LocalDate(2020, 1, 1), new LocalDate(2004, 2, 29), 6, 28)); // a leap year: the birthday itself
    }

    [Fact]
    public void Open_work_always_keeps_the_records()
    {
        Assert.False(RetentionRules.IsDue(new LocalDate(2060, 1, 1), new LocalDate(2000, 1, 1), new LocalDate(1980, 1, 1), hasOpenWork: true));
    }

    [Fact]
    public void The_periods_are_configurable()
    {
        Assert.Equal(new LocalDate(2030, 1, 1), RetentionRules.DeletableFrom(new LocalDate(2020, 1, 1), new LocalDate(1990, 1, 1), yearsAfterLastActivity: 10, minimumAge: 18));
    }
}

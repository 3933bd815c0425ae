using Beacon.Domain.Mentoring;
using NodaTime;

namespace Beacon.Domain.Tests;

/// <summary>Issue #20 §2, §4 and §7: refreshers due, supervision and wellbeing on time, and the register's month ends.</summary>
public class MentorSupportTests
{
    private static readonly Guid Safeguarding = Guid.NewGuid();

    private static CourseCompletion Done(LocalDate on, int? months = 12) => new(Safeguarding, "Safeguarding", on, months);

    [Fact]
    public void Training_expiring_exactly_today_is_due_not_lapsed_and_lapses_tomorrow()
    {
        var today = new LocalDate(2026, 12, 5);
        var due = Assert.Single(MentorTraining.DueRefreshers([Done(new LocalDate(2025, 12, 5))], today));
        Assert.Equal((today, DueState.DueSoon), (due.ExpiresOn, due.State));
        Assert.Equal(DueState.Lapsed, Assert.Single(MentorTraining.DueRefreshers([Done(new LocalDate(2025, 12, 5))], today.PlusDays(1))).State);
    }

    [Fact]
    public void The_refresher_window_is_30_days()
    {
        var today = new LocalDate(2026, 12, 5);
        Assert.Single(MentorTraining.DueRefreshers([Done(today.PlusDays(30).PlusMonths(-12))], today));
        Assert.Empty(MentorTraining.DueRefreshers([Done(today.PlusDays(31).PlusMonths(-12))], today));
    }

    [Fact]
    public void Twelve_months_from_29_february_is_28_february()
    {
        Assert.Equal(new LocalDate(2025, 2, 28), MentorTraining.ExpiresOn(new LocalDate(2024, 2, 29), 12));
        Assert.Equal(DueState.DueSoon, Assert.Single(MentorTraining.DueRefreshers([Done(new LocalDate(2024, 2, 29))], new LocalDate(2025, 2, 28))).State);
        Assert.Equal(DueState.Lapsed, Assert.Single(MentorTraining.DueRefreshers([Done(new LocalDate(2024, 2, 29))], new LocalDate(2025, 3, 1))).State);
    }

    [Fact]
    public void Only_the_latest_completion_counts_and_a_course_without_validity_never_falls_due()
    {
        var today = new LocalDate(2026, 12, 5);
        Assert.Empty(MentorTraining.DueRefreshers([Done(new LocalDate(2024, 1, 1)), Done(new LocalDate(2026, 6, 1))], today));
        Assert.Empty(MentorTraining.DueRefreshers([Done(new LocalDate(2010, 1, 1), months: null)], today));
    }

    [Fact]
    public void Supervision_is_due_one_interval_after_the_last_or_after_becoming_active_and_overdue_the_day_after()
    {
        var active = new LocalDate(2024, 4, 1);
        Assert.Equal(new LocalDate(2024, 5, 13), MentorSupport.DueOn(null, active, 6));
        Assert.False(MentorSupport.OverdueOn(null, active, 6, new LocalDate(2024, 5, 13)));
        Assert.True(MentorSupport.OverdueOn(null, active, 6, new LocalDate(2024, 5, 14)));
        Assert.Equal(new LocalDate(2024, 6, 24), MentorSupport.DueOn(new LocalDate(2024, 5, 13), active, 6));
        Assert.Equal(new LocalDate(2024, 9, 2), MentorSupport.DueOn(new LocalDate(2024, 5, 13), new LocalDate(2024, 8, 5), 4)); // a session before a pause does not count
    }

    [Fact]
    public void On_time_looks_only_at_sessions_held_by_the_date()
    {
        var active = new LocalDate(2024, 4, 1);
        LocalDate[] held = [new(2024, 5, 10), new(2024, 7, 1)];
        Assert.True(MentorSupport.OnTimeOn(held, active, 6, new LocalDate(2024, 5, 31)));
        Assert.False(MentorSupport.OnTimeOn(held, active, 6, new LocalDate(2024, 6, 30))); // due 21 June, the next was 1 July
        Assert.True(MentorSupport.OnTimeOn(held, active, 6, new LocalDate(2024, 7, 31)));
    }

    [Fact]
    public void The_on_time_percentage_rounds_halves_away_from_zero_and_is_empty_without_checks()
    {
        Assert.Null(MentorSupport.OnTimePercent([]));
        Assert.Equal(66.7m, MentorSupport.OnTimePercent([true, true, false]));
        Assert.Equal(12.5m, MentorSupport.OnTimePercent([true, false, false, false, false, false, false, false]));
        Assert.Equal(100.0m, MentorSupport.OnTimePercent([true]));
    }

    [Fact]
    public void Month_end_counts_take_the_status_on_the_last_day()
    {
        var april = new LocalDate(2024, 4, 1);
        MentorHistory[] register =
        [
            new(Guid.NewGuid(), "mentor", [new(new(2024, 3, 1), MentorStatus.InTraining), new(new(2024, 4, 30), MentorStatus.Active)]), // active on the last day: new in April
            new(Guid.NewGuid(), "volunteer", [new(new(2024, 1, 1), MentorStatus.Active), new(new(2024, 5, 1), MentorStatus.Left)]), // leaves the day after the month end
            new(Guid.NewGuid(), "mentor", [new(new(2024, 4, 10), MentorStatus.InTraining)]),
            new(Guid.NewGuid(), "mentor", [new(new(2023, 4, 1), MentorStatus.Active), new(new(2024, 4, 15), MentorStatus.Left), new(new(2024, 4, 15), MentorStatus.Active)]), // same day: the later record wins
        ];
        Assert.Equal(new MonthCensus("2024-04", 2, 1, 1, 1, 1), MentorCensus.Month(register, april));
        Assert.Equal(new MonthCensus("2024-05", 2, 0, 1, 0, 1), MentorCensus.Month(register, april.PlusMonths(1)));
    }

    [Fact]
    public void A_mentor_is_active_since_the_start_of_their_latest_active_spell()
    {
        StatusOn[] changes = [new(new(2024, 1, 1), MentorStatus.Active), new(new(2024, 3, 1), MentorStatus.Paused), new(new(2024, 5, 1), MentorStatus.Active)];
        Assert.Equal(new LocalDate(2024, 1, 1), MentorCensus.ActiveSince(changes, new LocalDate(2024, 2, 29)));
        Assert.Null(MentorCensus.ActiveSince(changes, new LocalDate(2024, 4, 30)));
        Assert.Equal(new LocalDate(2024, 5, 1), MentorCensus.ActiveSince(changes, new LocalDate(2024, 5, 1)));
        Assert.Null(MentorCensus.ActiveSince(changes, new LocalDate(2023, 12, 31)));
    }
}

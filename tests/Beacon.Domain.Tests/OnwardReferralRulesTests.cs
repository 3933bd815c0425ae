using Beacon.Domain.Outcomes;
using Beacon.Domain.Reporting;
using Beacon.Domain.Vocabulary;
using NodaTime;

namespace Beacon.Domain.Tests;

/// <summary>Onward referrals' status rules and report definitions at their edges (issue #19 §3).</summary>
public sealed class OnwardReferralRulesTests
{
    private static readonly ReportingPeriod Year2024 = FinancialYear.Year(2024); // 1 April 2024 to 31 March 2025

    private static OnwardFacts F(int y, int m, int d, int? waitDays = null) =>
        new("CAMHS", "E06000021", new LocalDate(y, m, d), waitDays is { } w ? new LocalDate(y, m, d).PlusDays(w) : null);

    [Fact]
    public void No_started_referrals_have_no_median_and_zero_percent_started()
    {
        Assert.Equal(new OnwardFigures(2, 0, null, 0.0m), OnwardReferralRules.Figures([F(2024, 5, 1), F(2024, 6, 1)], Year2024));
        Assert.Equal(new OnwardFigures(0, 0, null, null), OnwardReferralRules.Figures([], Year2024));
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(12.5m, OnwardReferralRules.Median([30, 10, 15, 2]));
        Assert.Equal(10.0m, OnwardReferralRules.Median([30, 10, 2]));
        Assert.Null(OnwardReferralRules.Median([]));
        var figures = OnwardReferralRules.Figures([F(2024, 4, 1, 10), F(2024, 4, 2, 15), F(2024, 4, 3), F(2024, 4, 4, 0)], Year2024);
        Assert.Equal(new OnwardFigures(4, 3, 10.0m, 75.0m), figures);
    }

    [Fact]
    public void A_referral_straddling_the_year_counts_in_the_year_it_was_made_with_its_whole_wait()
    {
        // Made 20 March 2025 (the last days of 2024-25), started 10 April 2025 (2025-26): 21 days, counted in 2024 only.
        var straddling = F(2025, 3, 20, 21);
        Assert.Equal(new OnwardFigures(1, 1, 21.0m, 100.0m), OnwardReferralRules.Figures([straddling], Year2024));
        Assert.Equal(new OnwardFigures(0, 0, null, null), OnwardReferralRules.Figures([straddling], FinancialYear.Year(2025)));
        // Made 31 March 2024 is the year before; 1 April 2024 is in it.
        Assert.False(OnwardReferralRules.CountsIn(new LocalDate(2024, 3, 31), Year2024));
        Assert.True(OnwardReferralRules.CountsIn(new LocalDate(2024, 4, 1), Year2024));
        Assert.True(OnwardReferralRules.CountsIn(new LocalDate(2025, 3, 31), Year2024));
    }

    [Fact]
    public void The_wait_runs_from_made_to_the_first_start()
    {
        var made = new LocalDate(2024, 12, 30);
        OnwardStep[] steps = [new("MADE", made), new("WAITING", new LocalDate(2025, 1, 2)), new("STARTED", new LocalDate(2025, 2, 3)), new("CLOSED", new LocalDate(2025, 5, 1))];
        Assert.Equal(new LocalDate(2025, 2, 3), OnwardReferralRules.StartedOn(steps));
        Assert.Equal(35, OnwardReferralRules.WaitDays(made, new LocalDate(2025, 2, 3)));
        Assert.Null(OnwardReferralRules.StartedOn([new("MADE", made), new("DECLINED", made)]));
    }

    [Fact]
    public void Status_changes_follow_the_order_are_dated_in_order_and_finish_at_declined_or_closed()
    {
        var today = new LocalDate(2026, 12, 5);
        var made = new OnwardStep("MADE", new LocalDate(2026, 11, 1));
        Assert.Null(OnwardReferralRules.Refuse(made, "WAITING", new LocalDate(2026, 11, 1), today));
        Assert.NotNull(OnwardReferralRules.Refuse(made, "MADE", new LocalDate(2026, 11, 2), today));
        Assert.NotNull(OnwardReferralRules.Refuse(made, "STARTED", new LocalDate(2026, 10, 31), today));
        Assert.NotNull(OnwardReferralRules.Refuse(made, "STARTED", today.PlusDays(1), today));
        Assert.NotNull(OnwardReferralRules.Refuse(new OnwardStep("STARTED", today), "WAITING", today, today));
        Assert.Null(OnwardReferralRules.Refuse(new OnwardStep("STARTED", today), "CLOSED", today, today));
        Assert.Empty(OnwardReferralRules.Next("DECLINED"));
        Assert.Empty(OnwardReferralRules.Next("CLOSED"));
        // Every status the rules use is a code of the one vocabulary.
        Assert.All(new[] { "MADE" }.Concat(OnwardReferralRules.Next("MADE")), s => Assert.True(Codes.OnwardStatus.ContainsKey(s)));
    }
}

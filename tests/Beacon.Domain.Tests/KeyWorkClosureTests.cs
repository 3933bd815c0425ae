using Beacon.Domain.Exploitation;
using NodaTime;

namespace Beacon.Domain.Tests;

public sealed class KeyWorkClosureTests
{
    private static readonly LocalDate Born = new(2010, 6, 15);
    private static readonly LocalDate Today = new(2026, 11, 22); // aged 16

    [Fact]
    public void Risk_reduced_needs_a_lower_closing_level()
    {
        Assert.Empty(KeyWorkClosure.Problems(RiskLevel.Medium, RiskLevel.Low, ClosureReason.RiskReduced, null, null, Born, Today));
        Assert.Single(KeyWorkClosure.Problems(RiskLevel.Medium, RiskLevel.Medium, ClosureReason.RiskReduced, null, null, Born, Today));
        Assert.Single(KeyWorkClosure.Problems(RiskLevel.Low, RiskLevel.High, ClosureReason.RiskReduced, null, null, Born, Today));
    }

    [Fact]
    public void Another_reason_is_allowed_at_any_level_but_must_be_explained()
    {
        Assert.Empty(KeyWorkClosure.Problems(RiskLevel.High, RiskLevel.High, ClosureReason.MovedAway, "Moved to Cornwall with family.", null, Born, Today));
        Assert.Contains("Explain the reason for closing", KeyWorkClosure.Problems(RiskLevel.High, RiskLevel.High, ClosureReason.Other, " ", null, Born, Today));
        Assert.Contains("Select why key work is closing", KeyWorkClosure.Problems(RiskLevel.High, RiskLevel.Low, null, null, null, Born, Today));
        Assert.Contains("Record the risk level at closure", KeyWorkClosure.Problems(RiskLevel.High, null, ClosureReason.MovedAway, "Moved.", null, Born, Today));
    }

    [Fact]
    public void From_the_18th_birthday_a_transition_plan_is_needed_whatever_the_reason()
    {
        var eve = Born.PlusYears(18).PlusDays(-1);
        var birthday = Born.PlusYears(18);
        Assert.Empty(KeyWorkClosure.Problems(RiskLevel.Medium, RiskLevel.Low, ClosureReason.RiskReduced, null, null, Born, eve));
        Assert.Contains(KeyWorkClosure.Problems(RiskLevel.Medium, RiskLevel.Low, ClosureReason.RiskReduced, null, null, Born, birthday), p => p.Contains("transition plan", StringComparison.Ordinal));
        Assert.Empty(KeyWorkClosure.Problems(RiskLevel.Medium, RiskLevel.Low, ClosureReason.RiskReduced, null, "Introduced to adult social care; mentor continues for 3 months.", Born, birthday));
    }

    [Fact]
    public void A_child_born_on_29_February_turns_18_on_1_March()
    {
        var leapling = new LocalDate(2008, 2, 29);
        Assert.False(KeyWorkClosure.NeedsTransitionPlan(ClosureReason.RiskReduced, leapling, new LocalDate(2026, 2, 28)));
        Assert.True(KeyWorkClosure.NeedsTransitionPlan(ClosureReason.RiskReduced, leapling, new LocalDate(2026, 3, 1)));
    }

    [Fact]
    public void Moving_to_adult_services_always_needs_a_plan_even_before_18()
    {
        Assert.True(KeyWorkClosure.NeedsTransitionPlan(ClosureReason.TransitionToAdultServices, Born, Today));
        Assert.NotEmpty(KeyWorkClosure.Problems(RiskLevel.Medium, RiskLevel.Medium, ClosureReason.TransitionToAdultServices, "Starting college.", null, Born, Today));
    }
}

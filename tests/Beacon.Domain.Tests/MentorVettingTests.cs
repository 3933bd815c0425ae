using Beacon.Domain.Mentoring;
using NodaTime;

namespace Beacon.Domain.Tests;

public class MentorVettingTests
{
    private static readonly LocalDate Today = new(2026, 12, 5);

    private static readonly VettingFacts Vetted = new(MentorStatus.Active, Today.PlusYears(-1), Today.PlusDays(90), 2, Today.PlusMonths(-2), Today.PlusMonths(10), Today.PlusYears(-1));

    [Fact]
    public void An_active_fully_vetted_mentor_may_be_matched() => Assert.Empty(MentorVetting.Problems(Vetted, Today));

    [Fact]
    public void A_renewal_due_within_30_days_alerts_but_does_not_block()
    {
        var soon = Vetted with { DbsRenewalDueOn = Today.PlusDays(30) };
        Assert.Equal(DueState.DueSoon, MentorVetting.StateOf(soon.DbsRenewalDueOn!.Value, Today));
        Assert.Equal(DueState.Current, MentorVetting.StateOf(Today.PlusDays(31), Today));
        Assert.Equal(DueState.DueSoon, MentorVetting.StateOf(Today, Today)); // due today is not yet lapsed
        Assert.Empty(MentorVetting.Problems(soon, Today));
    }

    [Fact]
    public void A_lapsed_dbs_or_training_blocks_a_match()
    {
        Assert.Contains(MentorVetting.Problems(Vetted with { DbsRenewalDueOn = Today.PlusDays(-1) }, Today), p => p.Contains("lapsed DBS", StringComparison.Ordinal));
        Assert.Contains(MentorVetting.Problems(Vetted with { SafeguardingDueOn = Today.PlusDays(-1) }, Today), p => p.Contains("lapsed safeguarding", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_vetting_or_a_status_other_than_active_blocks_a_match()
    {
        Assert.Single(MentorVetting.Problems(Vetted with { Status = MentorStatus.Paused }, Today));
        Assert.Single(MentorVetting.Problems(Vetted with { ReferencesReceived = 1 }, Today));
        Assert.Single(MentorVetting.Problems(Vetted with { AgreementSignedOn = null }, Today));
        Assert.Single(MentorVetting.Problems(Vetted with { DbsCheckedOn = null }, Today));
        Assert.Equal(5, MentorVetting.Problems(new VettingFacts(MentorStatus.Applicant, null, null, 0, null, null, null), Today).Count);
    }

    [Theory]
    [InlineData("HOME", false)]
    [InlineData("LA_CARE", true)]
    [InlineData("PLACED_BY_OTHER_LA", true)]
    public void Only_a_looked_after_child_needs_the_council_s_agreement(string situation, bool needed) =>
        Assert.Equal(needed, MentorVetting.CouncilAgreementNeeded(situation));
}

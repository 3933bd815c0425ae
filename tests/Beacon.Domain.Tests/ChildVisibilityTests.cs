using Beacon.Domain.Access;
using Beacon.Domain.Organisations;

namespace Beacon.Domain.Tests;

public class ChildVisibilityTests
{
    private static readonly Guid County = Guid.NewGuid();
    private static readonly Guid City = Guid.NewGuid();
    private static readonly Guid Placing = Guid.NewGuid();
    private static readonly Guid Police = Guid.NewGuid();
    private static readonly Guid Provider = Guid.NewGuid();
    private static readonly Guid Mentor = Guid.NewGuid();

    private static readonly ChildAccessFacts CountyChild = new(County, County, Police, null);
    private static readonly ChildAccessFacts CityChild = new(City, City, null, [Mentor]);
    private static readonly ChildAccessFacts PlacedInCounty = new(Placing, County, Police, null);

    private static AccessScope Scope(OrganisationKind kind, Guid organisation, params string[] roles) => ChildVisibility.ScopeFor(kind, organisation, Mentor, roles);

    [Theory]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.TeamManager)]
    [InlineData(Roles.ServiceManager)]
    [InlineData(Roles.PanelChair)]
    [InlineData(Roles.MentorCoordinator)]
    public void Provider_casework_roles_see_every_child(string role)
    {
        var scope = Scope(OrganisationKind.Provider, Provider, role);
        Assert.True(ChildVisibility.CanSee(scope, CountyChild));
        Assert.True(ChildVisibility.CanSee(scope, CityChild));
        Assert.True(ChildVisibility.CanSee(scope, PlacedInCounty));
    }

    [Fact]
    public void A_council_sees_children_it_is_responsible_for_or_hosts_and_no_others()
    {
        var county = Scope(OrganisationKind.LocalAuthority, County, Roles.Practitioner);
        Assert.True(ChildVisibility.CanSee(county, CountyChild));
        Assert.True(ChildVisibility.CanSee(county, PlacedInCounty));
        Assert.False(ChildVisibility.CanSee(county, CityChild));

        var placing = Scope(OrganisationKind.LocalAuthority, Placing, Roles.Practitioner);
        Assert.True(ChildVisibility.CanSee(placing, PlacedInCounty));
        Assert.False(ChildVisibility.CanSee(placing, CountyChild));
    }

    [Fact]
    public void Police_see_only_children_whose_episodes_they_notified()
    {
        var police = Scope(OrganisationKind.Police, Police, Roles.PoliceLiaison);
        Assert.True(ChildVisibility.CanSee(police, CountyChild));
        Assert.False(ChildVisibility.CanSee(police, CityChild));
    }

    [Fact]
    public void A_mentor_sees_only_matched_children()
    {
        var mentor = Scope(OrganisationKind.Provider, Provider, Roles.Mentor);
        Assert.Equal(ScopeKind.MatchedChildren, mentor.Kind);
        Assert.True(ChildVisibility.CanSee(mentor, CityChild));
        Assert.False(ChildVisibility.CanSee(mentor, CountyChild));
        Assert.False(ChildVisibility.CanSee(mentor, CityChild with { MatchedMentorUserIds = [] })); // the match ended
        Assert.False(ChildVisibility.CanSee(mentor, CityChild with { MatchedMentorUserIds = [Guid.NewGuid()] })); // another mentor's
    }

    [Theory]
    [InlineData(OrganisationKind.Commissioner, Roles.Analyst)]
    [InlineData(OrganisationKind.Provider, Roles.Analyst)]
    [InlineData(OrganisationKind.Provider, Roles.SystemAdministrator)]
    [InlineData(OrganisationKind.LocalAuthority, Roles.Analyst)]
    [InlineData(OrganisationKind.Commissioner, Roles.Practitioner)]
    [InlineData(OrganisationKind.Police, Roles.Mentor)]
    [InlineData(OrganisationKind.LocalAuthority, Roles.MentorCoordinator)]
    public void Analysts_administrators_and_unknown_combinations_see_nothing(OrganisationKind kind, string role)
    {
        var scope = Scope(kind, County, role);
        Assert.Equal(ScopeKind.None, scope.Kind);
        Assert.False(ChildVisibility.CanSee(scope, CountyChild));
    }

    [Fact]
    public void No_roles_means_no_access()
    {
        Assert.Equal(ScopeKind.None, Scope(OrganisationKind.Provider, Provider).Kind);
        Assert.False(ChildVisibility.CanSee(AccessScope.Nothing, CountyChild));
    }

    [Fact]
    public void A_change_of_authorities_that_takes_a_council_out_of_view_names_it_and_one_that_only_adds_names_none()
    {
        Assert.Equal([County], ChildVisibility.AuthoritiesLosingView(CountyChild, new(City, City, Police, null)));
        Assert.Empty(ChildVisibility.AuthoritiesLosingView(CountyChild, new(City, County, Police, null))); // still hosted by the county
        Assert.Empty(ChildVisibility.AuthoritiesLosingView(CountyChild, new(County, City, Police, null))); // still responsible
        Assert.Equal([Placing], ChildVisibility.AuthoritiesLosingView(PlacedInCounty, new(County, County, Police, null)));
        Assert.Equal([Placing, County], ChildVisibility.AuthoritiesLosingView(PlacedInCounty, new(City, null, Police, null)));
    }
}

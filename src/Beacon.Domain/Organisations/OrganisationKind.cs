namespace Beacon.Domain.Organisations;

/// <summary>The kinds of organisation in a partnership (docs/decisions/0004-organisations-and-access.md).</summary>
public enum OrganisationKind
{
    /// <summary>The commissioned provider that runs the service and employs practitioners.</summary>
    Provider = 1,

    /// <summary>A local authority: a commissioning council of the area or any other English council placing children here.</summary>
    LocalAuthority = 2,

    /// <summary>A police force that notifies the service of missing episodes.</summary>
    Police = 3,

    /// <summary>The police, fire and crime commissioner's office or another commissioning body (aggregate figures only).</summary>
    Commissioner = 4,
}

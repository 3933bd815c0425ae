using System.Security.Claims;
using Beacon.Domain.Access;
using Beacon.Domain.Organisations;

namespace Beacon.Web.Infrastructure.Security;

/// <summary>
/// Who is acting in this scope (request or console command) and what they may see. Fails closed: without a signed-in
/// user and without an explicit <see cref="UseSystem"/>, the scope is <see cref="AccessScope.Nothing"/>.
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor? httpContextAccessor = null)
{
    private AccessScope? systemScope;
    private string? systemName;

    public ClaimsPrincipal? Principal => httpContextAccessor?.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user : null;

    public AccessScope Scope
    {
        get
        {
            if (systemScope is not null)
            {
                return systemScope;
            }

            var user = Principal;
            if (user is null || !Enum.TryParse<OrganisationKind>(user.FindFirstValue(BeaconClaims.OrganisationKind), out var kind)
                || !Guid.TryParse(user.FindFirstValue(BeaconClaims.OrganisationId), out var organisationId)
                || UserId is not { } userId)
            {
                return AccessScope.Nothing;
            }

            var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray();
            return ChildVisibility.ScopeFor(kind, organisationId, userId, roles);
        }
    }

    public Guid? UserId => Guid.TryParse(Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public Guid? OrganisationId => Guid.TryParse(Principal?.FindFirstValue(BeaconClaims.OrganisationId), out var id) ? id : null;

    public string UserName => systemName ?? Principal?.FindFirstValue(ClaimTypes.Name) ?? "anonymous";

    public string? OrganisationCode => systemName is null ? Principal?.FindFirstValue(BeaconClaims.OrganisationCode) : "SYSTEM";

    public string? IpAddress => httpContextAccessor?.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? (systemName is null ? null : "console");

    /// <summary>True for a console command or scheduled job (<see cref="UseSystem"/>).</summary>
    public bool IsSystem => systemScope is not null;

    public bool IsInRole(string role) => Principal?.IsInRole(role) ?? false;

    /// <summary>Sits on MACE panels, so may see panel-only records (docs/decisions/0013).</summary>
    public bool IsOnPanel => IsPanelMember(Principal);

    public static bool IsPanelMember(ClaimsPrincipal? user) =>
        user is not null && Roles.PanelRoles.Any(user.IsInRole)
        && user.FindFirstValue(BeaconClaims.OrganisationKind) is nameof(OrganisationKind.Provider) or nameof(OrganisationKind.LocalAuthority) or nameof(OrganisationKind.Police);

    /// <summary>Acts as a trusted system process (console command or scheduled job) that may see every record.</summary>
    public void UseSystem(string name)
    {
        systemScope = AccessScope.System;
        systemName = name;
    }
}

/// <summary>Claim types Beacon adds to a signed-in user.</summary>
public static class BeaconClaims
{
    public const string OrganisationId = "beacon:organisation_id";
    public const string OrganisationCode = "beacon:organisation_code";
    public const string OrganisationKind = "beacon:organisation_kind";
    public const string DisplayName = "beacon:display_name";
}

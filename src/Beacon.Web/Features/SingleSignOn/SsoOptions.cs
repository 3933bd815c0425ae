namespace Beacon.Web.Features.SingleSignOn;

/// <summary>
/// Configuration section <c>Beacon:Sso</c>: OpenID Connect sign-in per organisation (issue #21 §1, docs/decisions/0017).
/// Keyed by organisation code, e.g. <c>Beacon:Sso:Organisations:LA-860:Authority</c>.
/// </summary>
public sealed class SsoOptions
{
    public const string Section = "Beacon:Sso";

    public Dictionary<string, SsoOrganisationOptions> Organisations { get; set; } = [];

    /// <summary>The authentication scheme of an organisation's identity provider.</summary>
    public static string SchemeFor(string organisationCode) => "sso-" + organisationCode;

    /// <summary>The organisations with a complete configuration (authority and client id), by code.</summary>
    public IEnumerable<KeyValuePair<string, SsoOrganisationOptions>> Configured =>
        Organisations.Where(o => !string.IsNullOrWhiteSpace(o.Value.Authority) && !string.IsNullOrWhiteSpace(o.Value.ClientId));

    public SsoOrganisationOptions? For(string organisationCode) =>
        Configured.FirstOrDefault(o => string.Equals(o.Key, organisationCode, StringComparison.Ordinal)).Value;
}

public sealed class SsoOrganisationOptions
{
    /// <summary>The identity provider's issuer address, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.
    /// Its discovery document is read from <c>{Authority}/.well-known/openid-configuration</c>; tokens must carry
    /// exactly the issuer it names.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From the environment or a secrets file, never from appsettings.json in the repository.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Email domains this organisation's provider speaks for (e.g. <c>staffordshire.gov.uk</c>). A first
    /// sign-in is matched to a Beacon user by email only within these domains.</summary>
    public List<string> EmailDomains { get; set; } = [];

    /// <summary>Treat the provider's email claim as verified without an <c>email_verified</c> claim. Only for a provider
    /// that owns the configured domains and does not send the claim (Microsoft Entra ID). Default off.</summary>
    public bool EmailsVerifiedByProvider { get; set; }

    /// <summary>Require https for the discovery document and keys. Only tests on a loopback provider turn this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace Beacon.Web.Tests.Support;

/// <summary>Single sign-on settings for the test providers (ADR 17): the county council and the police force share the
/// county's provider (each with its own client), the city council has its own.</summary>
public static class SsoSettings
{
    public static void Apply(IWebHostBuilder builder)
    {
        Organisation(builder, "LA-860", TestIdentityProvider.County, "beacon-county", "county.beacon.example");
        Organisation(builder, "POLICE-STAFFS", TestIdentityProvider.County, "beacon-police", "police.beacon.example");
        Organisation(builder, "LA-861", TestIdentityProvider.City, "beacon-city", "city.beacon.example");
    }

    private static void Organisation(IWebHostBuilder builder, string code, TestIdentityProvider provider, string clientId, string domain)
    {
        var prefix = $"Beacon:Sso:Organisations:{code}:";
        builder.UseSetting(prefix + "Authority", provider.Authority);
        builder.UseSetting(prefix + "ClientId", clientId);
        builder.UseSetting(prefix + "ClientSecret", TestIdentityProvider.ClientSecret);
        builder.UseSetting(prefix + "EmailDomains:0", domain);
        builder.UseSetting(prefix + "RequireHttpsMetadata", false.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>Beacon on SQLite with single sign-on configured.</summary>
public sealed class SsoSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        SsoSettings.Apply(builder);
    }
}

/// <summary>Beacon on PostgreSQL with single sign-on configured.</summary>
public sealed class SsoPostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        SsoSettings.Apply(builder);
    }
}

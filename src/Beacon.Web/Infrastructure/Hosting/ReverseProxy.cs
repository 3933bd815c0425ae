using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Beacon.Web.Infrastructure.Hosting;

/// <summary>
/// Behind nginx or another load balancer: the client's address (<c>X-Forwarded-For</c>, for the audit log and the
/// sign-in limits) and scheme (<c>X-Forwarded-Proto</c>, for HSTS and secure cookies) are taken from the proxy's headers,
/// but only from proxies Beacon trusts: loopback by default, plus <c>Beacon:Proxy:KnownProxies</c> (addresses) and
/// <c>Beacon:Proxy:KnownNetworks</c> (CIDR, e.g. <c>10.0.0.0/24</c>). Headers from anyone else are ignored.
/// </summary>
public static class ReverseProxy
{
    public const string Section = "Beacon:Proxy";

    public static void UseBeaconForwardedHeaders(this WebApplication app)
    {
        var section = app.Configuration.GetSection(Section);
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        app.UseForwardedHeaders(options);
    }
}

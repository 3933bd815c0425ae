using System.Text.Json;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Beacon.Web.Features.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the database answers). Anonymous,
/// and they say nothing about data.</summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddBeaconHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<BeaconDbContext>("database", tags: ["ready"]);
        return services;
    }

    public static void MapBeaconHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write }).AllowAnonymous();
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        }));
    }
}

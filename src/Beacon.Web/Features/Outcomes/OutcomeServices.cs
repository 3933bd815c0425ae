using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Outcomes;

/// <summary>The outcome measure's services (docs/decisions/0016: one line in AddBeaconCore).</summary>
public static class OutcomeServices
{
    public static IServiceCollection AddOutcomes(this IServiceCollection services)
    {
        services.AddOptions<OutcomeOptions>().BindConfiguration(OutcomeOptions.Section);
        services.AddScoped<OutcomeFrameworks>();
        services.AddScoped<OutcomeReadings>();
        services.AddScoped<OutcomeImport>();
        services.AddScoped<OutcomeReport>();
        return services;
    }
}

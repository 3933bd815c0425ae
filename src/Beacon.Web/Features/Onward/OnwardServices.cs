using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Onward;

/// <summary>The onward referrals' services (docs/decisions/0016: one line in AddBeaconCore).</summary>
public static class OnwardServices
{
    public static IServiceCollection AddOnward(this IServiceCollection services)
    {
        services.AddScoped<OnwardDirectory>();
        services.AddScoped<OnwardReferrals>();
        services.AddScoped<OnwardReport>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Contract;

/// <summary>The contract view's services (issue #18), registered with one line in <c>AddBeaconCore</c>.</summary>
public static class ContractServices
{
    public static IServiceCollection AddContract(this IServiceCollection services)
    {
        services.AddScoped<Reports.MissingReturnByCohort>();
        services.AddScoped<Budgets>();
        services.AddScoped<HardshipFund>();
        services.AddScoped<DemoContract>();
        services.AddScoped<SpotPurchase.SpotPurchaseCharges>();
        services.AddScoped<AnnualContractReport>();
        services.AddScoped<KpiReport>();
        services.AddScoped<KpiSettings>();
        services.AddOptions<KpiOptions>().BindConfiguration(KpiOptions.Section);
        return services;
    }
}

using Beacon.Web.Infrastructure.Jobs;

namespace Beacon.Web.Features.Mentoring;

/// <summary>Mentoring's services (issue #20), registered with one line in <c>AddBeaconCore</c> (ADR 16).</summary>
public static class MentoringServices
{
    public static IServiceCollection AddMentoring(this IServiceCollection services)
    {
        services.AddScoped<MentorRegister>();
        services.AddScoped<MentorMatching>();
        services.AddScoped<MentorTrainingSessions>();
        services.AddScoped<MentorSupportRecords>();
        services.AddScoped<MentoringReport>();
        services.AddOptions<MentoringOptions>().BindConfiguration(MentoringOptions.Section);
        services.AddScoped<IRecurringJob, MentorVettingScan>();
        return services;
    }
}

namespace Beacon.Web.Features.Participation;

/// <summary>Participation and partner training's services (issue #20 §5, §6), registered with one line in
/// <c>AddBeaconCore</c> (ADR 16).</summary>
public static class ParticipationServices
{
    public static IServiceCollection AddParticipation(this IServiceCollection services)
    {
        services.AddScoped<ParticipationPeople>();
        services.AddScoped<ParticipationWork>();
        services.AddScoped<PartnerTrainingWork>();
        services.AddScoped<ParticipationFigures>();
        return services;
    }
}

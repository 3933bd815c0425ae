using System.Security.Claims;
using Beacon.Web.Infrastructure.Security;

namespace Beacon.Web.Features.Account;

/// <summary><c>/api/v1/me</c>: who the token belongs to.</summary>
public static class AccountApi
{
    public sealed record MeResponse(Guid Id, string Email, string DisplayName, string Organisation, IReadOnlyList<string> Roles);

    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
                Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
                user.FindFirstValue(ClaimTypes.Name)!,
                user.FindFirstValue(BeaconClaims.DisplayName)!,
                user.FindFirstValue(BeaconClaims.OrganisationCode)!,
                user.FindAll(ClaimTypes.Role).Select(r => r.Value).ToList())))
            .WithName("Me").WithSummary("The signed-in user or token owner");
    }
}

using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Organisations;

/// <summary><c>/api/v1/organisations</c> and <c>/api/v1/areas</c>: reference data.</summary>
public static class OrganisationsApi
{
    public sealed record OrganisationDto(Guid Id, string Code, string Name, string Kind, int? DfeLaNumber);

    public sealed record AreaDto(string GssCode, string Name, string Kind, string? Locality, string? ParentGssCode);

    public static void MapOrganisationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organisations", async (BeaconDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Organisations.AsNoTracking().OrderBy(o => o.Name)
                    .Select(o => new OrganisationDto(o.Id, o.Code, o.Name, o.Kind.ToString(), o.DfeLaNumber)).ToListAsync(ct)))
            .WithName("ListOrganisations").WithSummary("The partnership's organisations");
        api.MapGet("/areas", async (BeaconDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Areas.AsNoTracking().OrderBy(a => a.Name)
                    .Select(a => new AreaDto(a.GssCode, a.Name, a.Kind, a.Locality, a.ParentGssCode)).ToListAsync(ct)))
            .WithName("ListAreas").WithSummary("Areas (county, unitary, districts) with their locality");
    }
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace Beacon.Web.Features.Children;

/// <summary><c>/api/v1/children</c>: the children the token's user may see.</summary>
public static class ChildrenApi
{
    public sealed record ChildListResponse(IReadOnlyList<ChildSummary> Items, int Total, int Page, int PageSize);

    public static void MapChildrenApi(this RouteGroupBuilder api)
    {
        api.MapGet("/children", async (ChildRecords records, string? q, int? page, int? pageSize, CancellationToken ct) =>
            {
                var size = Math.Clamp(pageSize ?? 50, 1, 200);
                var (items, total) = await records.SearchAsync(q, page ?? 1, size, ct);
                return TypedResults.Ok(new ChildListResponse(items, total, Math.Max(page ?? 1, 1), size));
            })
            .WithName("ListChildren").WithSummary("List or search the children you may see");

        api.MapGet("/children/{id:guid}", async Task<Results<Ok<ChildDetail>, ProblemHttpResult>> (Guid id, ChildRecords records, CancellationToken ct) =>
                await records.OpenAsync(id, "api", ct) is { } child
                    ? TypedResults.Ok(child)
                    : TypedResults.Problem(title: "Not found", detail: "No child with that id is available to you.", statusCode: 404))
            .WithName("GetChild").WithSummary("A child's record (audited)");
    }
}

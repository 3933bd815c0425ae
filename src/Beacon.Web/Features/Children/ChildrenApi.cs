using Beacon.Web.Infrastructure.Input;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beacon.Web.Features.Children;

/// <summary><c>/api/v1/children</c>: the children the token's user may see.</summary>
public static class ChildrenApi
{
    public sealed record ChildListResponse(IReadOnlyList<ChildSummary> Items, int Total, int Page, int PageSize);

    public static void MapChildrenApi(this RouteGroupBuilder api)
    {
        api.MapGet("/children", async Task<Results<Ok<ChildListResponse>, ValidationProblem, ProblemHttpResult>> (ChildRecords records, Beacon.Web.Infrastructure.Security.CurrentActor actor, string? q, int? page, int? pageSize, CancellationToken ct) =>
            {
                if (actor.Scope.Kind == Beacon.Domain.Access.ScopeKind.MatchedChildren)
                {
                    // A mentor's children are their mentees (/api/v1/mentees), with only what mentoring needs (ADR 22).
                    return TypedResults.Problem(title: "Forbidden", detail: "Mentors see their mentees at /api/v1/mentees.", statusCode: StatusCodes.Status403Forbidden);
                }

                var (number, size) = (page ?? 1, pageSize ?? 50);
                if (Paging.Problem(number, size, sizeField: "pageSize") is { } problem)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Field] = [problem.Message] }, title: "The request was refused", detail: problem.Message);
                }

                var (items, total) = await records.SearchAsync(q, number, size, ct);
                return TypedResults.Ok(new ChildListResponse(items, total, number, size));
            })
            .WithName("ListChildren").WithSummary("List or search the children you may see");

        api.MapGet("/children/{id:guid}", async Task<Results<Ok<ChildDetail>, ProblemHttpResult>> (Guid id, ChildRecords records, CancellationToken ct) =>
                await records.OpenAsync(id, "api", ct) is { } child
                    ? TypedResults.Ok(child)
                    : TypedResults.Problem(title: "Not found", detail: "No child with that id is available to you.", statusCode: 404))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetChild").WithSummary("A child's record (audited)");
    }
}

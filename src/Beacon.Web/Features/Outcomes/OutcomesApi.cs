using Microsoft.AspNetCore.Http.HttpResults;

namespace Beacon.Web.Features.Outcomes;

/// <summary><c>/api/v1/children/{id}/outcome-readings</c>: a child's outcome readings (issue #19 §1), for a token whose
/// user may see the child; audited like the page.</summary>
public static class OutcomesApi
{
    public static void MapOutcomesApi(this RouteGroupBuilder api) =>
        api.MapGet("/children/{id:guid}/outcome-readings", async Task<Results<Ok<OutcomeHistory>, ProblemHttpResult>> (Guid id, OutcomeReadings readings, CancellationToken ct) =>
                await readings.OpenAsync(id, "api", ct) is { } history
                    ? TypedResults.Ok(history)
                    : TypedResults.Problem(title: "Not found", detail: "No child with that id is available to you.", statusCode: 404))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetOutcomeReadings").WithSummary("A child's outcome readings, oldest first (audited)");
}

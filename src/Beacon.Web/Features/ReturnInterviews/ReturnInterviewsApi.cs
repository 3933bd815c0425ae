using Microsoft.AspNetCore.Http.HttpResults;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary><c>/api/v1/return-interviews</c>: summaries for partners' systems.</summary>
public static class ReturnInterviewsApi
{
    public static void MapReturnInterviewsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/return-interviews/{id:guid}/summary", async Task<Results<Ok<RhiSummary>, ProblemHttpResult>> (Guid id, ReturnInterviewWork work, CancellationToken ct) =>
                await work.SummaryAsync(id, "api", ct) is { } summary
                    ? TypedResults.Ok(summary)
                    : TypedResults.Problem(title: "Not found", detail: "No completed return interview with that id is available to you.", statusCode: 404))
            .WithName("GetReturnInterviewSummary")
            .WithSummary("The structured summary of a completed Return Home Interview (audited)")
            .WithDescription("Available to the child's responsible authority, the notifying police force and the provider. Opening it records that it was received.");
    }
}

using Beacon.Web.Infrastructure.Csv;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beacon.Web.Features.SupportPlans;

/// <summary><c>/api/v1/children/{id}/safety-plan</c>: a child's safety and support plan (issue #19 §2) — the current
/// version, every version, and (provider caseworkers) saving a new one. Reads are for anyone who may see the child and
/// audited like the page; lists are arrays of lines; owners are organisation codes; dates yyyy-mm-dd.</summary>
public static class SafetyPlansApi
{
    /// <summary>A plan to save. <c>based_on</c> is the version the edit started from (0 for the first plan); a stale one is a 409.</summary>
    public sealed record SafetyPlanRequest(IReadOnlyList<string>? Risks, IReadOnlyList<string>? KeepsMeSafe, IReadOnlyList<string>? TrustedAdults, IReadOnlyList<string>? PlacesToAvoid,
        string? ReviewOn, IReadOnlyList<PlanActionRequest>? Actions, int? BasedOn);

    /// <summary>An agreed action: <c>owner</c> is an organisation code from <c>/api/v1/organisations</c>.</summary>
    public sealed record PlanActionRequest(string? Action, string? Owner, string? DueOn, string? DoneOn);

    public static void MapSafetyPlansApi(this RouteGroupBuilder api)
    {
        api.MapGet("/children/{id:guid}/safety-plan", async Task<Results<Ok<SafetyPlanView>, ProblemHttpResult>> (Guid id, SafetyPlans plans, CancellationToken ct) =>
                await plans.OpenAsync(id, null, "api", ct) is { } record ? record.Plan is { } plan ? TypedResults.Ok(plan) : NoPlan() : NotFound())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSafetyPlan").WithSummary("A child's current safety and support plan (audited)")
            .WithDescription("For anyone who may see the child, the responsible authority included. 404 when the child is not available to you or has no plan yet.");

        api.MapGet("/children/{id:guid}/safety-plan/versions", async Task<Results<Ok<IReadOnlyList<PlanVersionItem>>, ProblemHttpResult>> (Guid id, SafetyPlans plans, CancellationToken ct) =>
                await plans.OpenAsync(id, null, "api-versions", ct) is { } record ? TypedResults.Ok(record.Versions) : NotFound())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListSafetyPlanVersions").WithSummary("Every version of a child's safety and support plan, newest first (audited)");

        api.MapGet("/children/{id:guid}/safety-plan/versions/{version:int}", async Task<Results<Ok<SafetyPlanView>, ProblemHttpResult>> (Guid id, int version, SafetyPlans plans, CancellationToken ct) =>
                await plans.OpenAsync(id, version, "api", ct) is { } record ? record.Plan is { } plan ? TypedResults.Ok(plan) : NoPlan() : NotFound())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSafetyPlanVersion").WithSummary("One version of a child's safety and support plan (audited)");

        api.MapPut("/children/{id:guid}/safety-plan", async Task<Results<Ok<SafetyPlanView>, ValidationProblem, ProblemHttpResult>> (Guid id, SafetyPlanRequest body, SafetyPlans plans, CancellationToken ct) =>
            {
                static string? Lines(IReadOnlyList<string>? lines) => lines is null ? null : string.Join('\n', lines.Select(l => (l ?? "").Replace('\n', ' ')));
                var input = new SafetyPlanInput(Lines(body.Risks), Lines(body.KeepsMeSafe), Lines(body.TrustedAdults), Lines(body.PlacesToAvoid), body.ReviewOn,
                    body.Actions?.Select(a => a is null ? new PlanActionInput(null, null, null, null) : new PlanActionInput(a.Action, a.Owner, a.DueOn, a.DoneOn)).ToList(), body.BasedOn);
                var errors = await plans.SaveAsync(id, input, ct);
                if (errors.Any(e => e.Field == "child"))
                {
                    return NotFound();
                }

                if (errors.FirstOrDefault(e => e.Field == "BasedOn") is { } conflict)
                {
                    return TypedResults.Problem(title: "Changed by someone else", detail: conflict.Message, statusCode: 409);
                }

                return errors.Count > 0 ? Invalid(errors) : TypedResults.Ok((await plans.OpenAsync(id, null, "api-saved", ct))!.Plan!);
            })
            .RequireAuthorization(Policies.ProviderCasework)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SaveSafetyPlan").WithSummary("Save a new version of a child's safety and support plan (provider caseworkers)")
            .WithDescription("Replaces the plan with a new version; earlier versions are kept. 409 when based_on is not the current version.");
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(title: "Not found", detail: "No child with that id is available to you.", statusCode: 404);

    private static ProblemHttpResult NoPlan() => TypedResults.Problem(title: "Not found", detail: "There is no such safety plan for this child.", statusCode: 404);

    /// <summary>400 with each refused field under its JSON name (actions[0].due_on); nothing was saved.</summary>
    private static ValidationProblem Invalid(IReadOnlyList<FieldError> errors) => TypedResults.ValidationProblem(
        errors.GroupBy(e => string.Join('.', e.Field.Split('.').Select(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName))).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        title: "The change was refused", detail: "Nothing was saved. Correct the fields listed and send it again.");
}

using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Csv;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary><c>/api/v1/community-resources</c> and <c>/api/v1/children/{id}/onward-referrals</c> (issue #19 §3): the
/// directory for any token; a child's onward referrals for a token whose user may see the child (audited); making one
/// and recording its next status for the provider's caseworkers.</summary>
public static class OnwardApi
{
    /// <summary>A referral to make: the resource, what it was made from (<c>RHI</c> with the interview's id,
    /// <c>KEY_WORK</c> with the exploitation referral's id, or <c>FAMILY</c>), the date and notes.</summary>
    public sealed record NewOnwardReferral(Guid? ResourceId, string? Source, Guid? SourceId, LocalDate? MadeOn, string? Notes);

    /// <summary>The next status (a code of the onward referral statuses), its date, a note, and the version last read.</summary>
    public sealed record StatusChange(string? Status, LocalDate? On, string? Note, int? Version);

    public static void MapOnwardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/community-resources", async Task<Results<Ok<IReadOnlyList<ResourceView>>, ValidationProblem>> (string? kind, string? district, OnwardDirectory directory, CancellationToken ct) =>
            {
                var districts = await directory.DistrictsAsync(ct);
                if ((kind is not null && !Codes.ResourceKind.ContainsKey(kind)) || (district is not null && districts.All(d => d.Key != district)))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["kind must be a code of the resource kinds; district a district's GSS code"] }, title: "The filter is not valid");
                }

                return TypedResults.Ok(await directory.ListAsync(kind, district, ct));
            })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("ListCommunityResources").WithSummary("The directory of community resources and services, by name; filter by kind and district served");

        api.MapGet("/children/{id:guid}/onward-referrals", async Task<Results<Ok<IReadOnlyList<OnwardReferralView>>, ProblemHttpResult>> (Guid id, OnwardReferrals referrals, CancellationToken ct) =>
                await referrals.ForChildAsync(id, "api", ct) is { } list ? TypedResults.Ok(list) : NotFound())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetOnwardReferrals").WithSummary("A child's onward referrals with their status history and wait, newest first (audited)");

        api.MapPost("/children/{id:guid}/onward-referrals", async Task<Results<Created<OnwardReferralView>, ValidationProblem, ProblemHttpResult>> (Guid id, NewOnwardReferral body, OnwardReferrals referrals, CancellationToken ct) =>
            {
                var (errors, made) = await referrals.MakeAsync(id, body.ResourceId?.ToString(), body.Source, body.SourceId,
                    body.MadeOn?.ToString("d/M/yyyy", System.Globalization.CultureInfo.InvariantCulture), body.Notes, ct);
                if (errors.Any(e => e.Field == "child"))
                {
                    return NotFound();
                }

                return made is { } madeId && await referrals.OpenAsync(madeId, ct) is { } view
                    ? TypedResults.Created($"/api/v1/onward-referrals/{madeId}", view)
                    : Invalid(errors);
            })
            .RequireAuthorization(Policies.ProviderCasework)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("CreateOnwardReferral").WithSummary("Refer a child on to a resource in the directory (status MADE)");

        api.MapPost("/onward-referrals/{id:guid}/status", async Task<Results<Ok<OnwardReferralView>, ValidationProblem, ProblemHttpResult>> (Guid id, StatusChange body, OnwardReferrals referrals, CancellationToken ct) =>
            {
                var errors = await referrals.ChangeStatusAsync(id, body.Status, body.On?.ToString("d/M/yyyy", System.Globalization.CultureInfo.InvariantCulture), body.Note, body.Version, ct);
                if (errors.Any(e => e.Field == "referral"))
                {
                    return TypedResults.Problem(title: "Not found", detail: "No onward referral with that id is available to you.", statusCode: 404);
                }

                if (errors.Any(e => e.Message.StartsWith("Someone else", StringComparison.Ordinal)))
                {
                    return TypedResults.Problem(title: "Conflict", detail: errors[0].Message, statusCode: 409);
                }

                return errors.Count == 0 && await referrals.OpenAsync(id, ct) is { } view ? TypedResults.Ok(view) : Invalid(errors);
            })
            .RequireAuthorization(Policies.ProviderCasework)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ChangeOnwardReferralStatus").WithSummary("Record an onward referral's next status and its date (accepted, waiting, started, declined, closed)");
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(title: "Not found", detail: "No child with that id is available to you.", statusCode: 404);

    private static ValidationProblem Invalid(IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The onward referral is not valid", detail: "Nothing was saved. Correct the fields listed and send it again.");
}

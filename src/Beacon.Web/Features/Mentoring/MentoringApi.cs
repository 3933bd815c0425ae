using Beacon.Web.Infrastructure.Input;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beacon.Web.Features.Mentoring;

/// <summary><c>/api/v1/mentees</c>: a mentor's current mentees and their contacts (issue #20 §3; docs/decisions/0022).
/// Mentors only; a child the mentor is not currently matched to is a 404, like a child that does not exist.</summary>
public static class MentoringApi
{
    public sealed record ContactRequest(NodaTime.LocalDate? HeldOn, int Minutes, string? Kind, string? Place, string? Notes, string? SafeguardingConcern);

    public static void MapMentoringApi(this RouteGroupBuilder api)
    {
        var mentees = api.MapGroup("/mentees").RequireAuthorization(Policies.Mentoring)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        mentees.MapGet("/", async (MentorMatching matching, CancellationToken ct) => TypedResults.Ok(await matching.MyMenteesAsync(ct)))
            .WithName("ListMentees").WithSummary("Your current mentees (mentors)");

        mentees.MapGet("/{id:guid}", async Task<Results<Ok<MenteeView>, ProblemHttpResult>> (Guid id, MentorMatching matching, CancellationToken ct) =>
                await matching.MenteeAsync(id, "api", ct) is { } mentee ? TypedResults.Ok(mentee) : NotFound())
            .WithName("GetMentee").WithSummary("One of your mentees with your contacts (audited)");

        mentees.MapPost("/{id:guid}/contacts", async Task<Results<Created<ContactView>, ProblemHttpResult, ValidationProblem>> (Guid id, ContactRequest body, MentorMatching matching, CancellationToken ct) =>
            {
                var (contact, errors) = await matching.RecordContactAsync(id, new NewContact(body.HeldOn, body.Minutes, body.Kind ?? string.Empty, body.Place, body.Notes, body.SafeguardingConcern), ct);
                if (contact is not null)
                {
                    return TypedResults.Created($"/api/v1/mentees/{id}", contact);
                }

                return errors.Any(e => e.Field == "child")
                    ? NotFound()
                    : TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                        title: "The contact is not valid", detail: "Nothing was saved. Correct the fields listed and send it again.");
            })
            .WithName("RecordMenteeContact").WithSummary("Record a contact with your mentee; a safeguarding concern alerts their key worker and manager");
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(title: "Not found", detail: "No mentee with that id is available to you.", statusCode: 404);
}

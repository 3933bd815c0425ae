using System.Security.Claims;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Missing;

/// <summary><c>POST /api/v1/notifications</c>: the police system's feed. Idempotent on the notifying force's
/// <c>police_reference</c> (another force's notification with the same reference is a notification of its own).</summary>
public static class NotificationsApi
{
    public sealed record NotificationResponse(Guid EpisodeId, Guid? ChildId, Guid? ReturnInterviewId, string Outcome, bool NewChild, int PossibleMatches);

    public static void MapNotificationsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/notifications", async Task<Results<Created<NotificationResponse>, Ok<NotificationResponse>, ValidationProblem, ProblemHttpResult>> (
                NotificationInput input, ClaimsPrincipal user, BeaconDbContext db, NotificationIntake intake, IClock clock, CancellationToken ct) =>
            {
                var reference = await NotificationReferenceData.LoadAsync(db, ct);
                var (command, errors) = NotificationValidator.Validate(input, reference, clock.GetCurrentInstant());
                if (command is null)
                {
                    return TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                        title: "The notification is not valid", detail: "Nothing was saved. Correct the fields listed and send it again.");
                }

                var (police, forceError) = await ApiNotifyingForceAsync(user, db, input.NotifyingPoliceForce, ct);
                if (forceError is not null)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["notifying_police_force"] = [forceError] },
                        title: "The notification is not valid", detail: "Nothing was saved. Correct the fields listed and send it again.");
                }

                var result = (await intake.ReceiveAsync([command], "api", police, ct))[0];
                var body = new NotificationResponse(result.EpisodeId, result.ChildId, result.ReturnInterviewId, result.Outcome.ToString().ToLowerInvariant(), result.NewChild, result.PossibleMatches);
                if (result.Outcome != IntakeOutcome.Created && !await db.Children.AnyAsync(c => c.Id == result.ChildId, ct))
                {
                    // The caller's own episode, since merged by the provider into a child the caller may not see: the
                    // answer does not name that child or its interview (issue #16 §1).
                    body = body with { ChildId = null, ReturnInterviewId = null };
                }
                switch (result.Outcome)
                {
                    case IntakeOutcome.Created:
                        return TypedResults.Created($"/api/v1/notifications/{result.EpisodeId}", body);
                    case IntakeOutcome.Conflict:
                        var visible = await db.Episodes.AnyAsync(e => e.Id == result.EpisodeId, ct);
                        return TypedResults.Problem(
                            title: "Conflicting resend",
                            detail: $"A notification with police reference {command.PoliceReference} was already received with different details. Nothing was changed.",
                            statusCode: StatusCodes.Status409Conflict,
                            extensions: new Dictionary<string, object?>
                            {
                                ["episode_id"] = result.EpisodeId,
                                ["differences"] = result.Differences.Select(d => visible
                                    ? new { field = d.Field, stored = d.Stored, received = d.Received }
                                    : new { field = d.Field, stored = (string?)null, received = (string?)null }).ToList(),
                            });
                    default:
                        return TypedResults.Ok(body);
                }
            })
            .RequireAuthorization(Notify)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Produces<NotificationConflict>(StatusCodes.Status409Conflict, "application/problem+json")
            .WithName("PostNotification")
            .WithSummary("Notify the service of a missing episode (idempotent on your force's police_reference)")
            .WithDescription("201 when new; 200 when the same notification is sent again (or only fills in a return or prevention interview left blank); 409 with the differing fields when a resend contradicts the first; 400 with field errors when invalid.");

        // A police force reads only the notifications it sent: another force's episode of a child it may see would
        // tell it that force's reference and what it notified (issue #16 §2).
        api.MapGet("/notifications/{id:guid}", async Task<Results<Ok<EpisodeDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, BeaconDbContext db, Beacon.Web.Infrastructure.Auditing.AuditLog audit, CancellationToken ct) =>
                await NotificationReads.OpenAsync(db, audit, id, OwnIfPolice(user), ct) is { } episode
                    ? TypedResults.Ok(episode)
                    : TypedResults.Problem(title: "Not found", detail: "No notification with that id is available to you.", statusCode: 404))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetNotification").WithSummary("A notification (episode) you may see");
    }

    private static System.Linq.Expressions.Expression<Func<Episode, bool>> OwnIfPolice(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(BeaconClaims.OrganisationKind) != nameof(OrganisationKind.Police))
        {
            return e => true;
        }

        var force = Guid.TryParse(user.FindFirstValue(BeaconClaims.OrganisationId), out var id) ? id : Guid.Empty;
        return e => e.NotifyingPoliceForceId == force;
    }

    /// <summary>The 409 answer to a resend that contradicts the notification first received with the same police
    /// reference (problem details, RFC 9457). Nothing was changed. <c>stored</c> and <c>received</c> are null when the
    /// episode has since moved to a child the caller may not see.</summary>
    public sealed record NotificationConflict(string? Type, string Title, int Status, string Detail, Guid EpisodeId, IReadOnlyList<NotificationDifference> Differences);

    /// <summary>One field that differs: its JSON name, the value stored and the value received.</summary>
    public sealed record NotificationDifference(string Field, string? Stored, string? Received);

    public sealed record EpisodeDto(Guid Id, Guid ChildId, string PoliceReference, Instant ReportedMissingAt, Instant? ReturnedAt, string MissingOrAbsent, string PoliceRisk, Instant NotifiedAt, string DistrictCode, string LivingSituation, Guid? ReturnInterviewId);

    /// <summary>Policy: who may record notifications — police liaison users and the provider's duty staff.</summary>
    public const string Notify = "notify";

    public static bool MayNotify(ClaimsPrincipal user)
    {
        var kind = user.FindFirstValue(BeaconClaims.OrganisationKind);
        return (kind == nameof(OrganisationKind.Police) && user.IsInRole(Roles.PoliceLiaison))
            || (kind == nameof(OrganisationKind.Provider) && (user.IsInRole(Roles.Practitioner) || user.IsInRole(Roles.TeamManager) || user.IsInRole(Roles.ServiceManager)));
    }

    /// <summary>The notifying force of an API notification: a police caller's own force; for provider staff, the only
    /// active force, or the one named by its organisation code when the partnership has several (required then, so an
    /// entered episode always belongs to a force — as on the duty form, <see cref="NotifyingForceChoice"/>).</summary>
    private static async Task<(Guid? Force, string? Error)> ApiNotifyingForceAsync(ClaimsPrincipal user, BeaconDbContext db, string? code, CancellationToken ct)
    {
        if (user.FindFirstValue(BeaconClaims.OrganisationKind) == nameof(OrganisationKind.Police))
        {
            return (await NotifyingForceAsync(user, db, ct), null);
        }

        var forces = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.Police && o.IsActive).Select(o => new { o.Id, o.Code }).ToListAsync(ct);
        if (forces.Count <= 1 && string.IsNullOrWhiteSpace(code))
        {
            return (forces.Count == 1 ? forces[0].Id : null, null);
        }

        var named = forces.FirstOrDefault(f => string.Equals(f.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));
        return named is not null ? (named.Id, null)
            : (null, string.IsNullOrWhiteSpace(code)
                ? "Give the organisation code of the police force that notified (the partnership has several)"
                : "Not a police force of this partnership: give the organisation code of the force that notified");
    }

    /// <summary>The notifying force: the caller's own force, or the partnership's force when duty staff enter it.</summary>
    public static async Task<Guid?> NotifyingForceAsync(ClaimsPrincipal user, BeaconDbContext db, CancellationToken ct)
    {
        if (user.FindFirstValue(BeaconClaims.OrganisationKind) == nameof(OrganisationKind.Police) && Guid.TryParse(user.FindFirstValue(BeaconClaims.OrganisationId), out var own))
        {
            return own;
        }

        var forces = await db.Organisations.Where(o => o.Kind == OrganisationKind.Police).Select(o => o.Id).Take(2).ToListAsync(ct);
        return forces.Count == 1 ? forces[0] : null;
    }
}

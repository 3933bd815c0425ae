using Beacon.Domain.Vocabulary;
using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>
/// <c>/api/v1/return-interviews</c>: summaries for partners' systems, and the provider's RHI work (the work list, an RHI
/// with its clock, attempts, outcomes and the interview form) for its own systems and devices. The work endpoints
/// allow what the RHI pages allow, by the same rules (<see cref="ReturnInterviewWork"/>); times are ISO 8601 with offset.
/// </summary>
public static class ReturnInterviewsApi
{
    /// <summary>An RHI on the work list. Codes: status AWAITING_OFFER, OFFERED, COMPLETED, DECLINED, NO_CONTACT,
    /// NOT_OFFERED; urgency OVERDUE, DUE_SOON, TO_OFFER, WAITING, CLOSED.</summary>
    public sealed record RhiListItem(Guid Id, string Reference, Guid ChildId, string ChildName, string District, string? Locality, string Status, string Urgency,
        Instant DueAt, string? AssignedTo, int Episodes, bool SpotPurchase);

    public sealed record RhiEpisodeItem(Guid Id, string PoliceReference, Instant ReportedMissingAt, Instant? ReturnedAt, string MissingOrAbsent, string PoliceRisk, string District);

    public sealed record RhiAttemptItem(Instant AttemptedAt, string Method, string Outcome, string? Note, string RecordedBy);

    /// <summary>An RHI with its clock. <c>version</c> goes back with an outcome or the interview form, so a change made
    /// meanwhile by someone else is a 409, not overwritten.</summary>
    public sealed record RhiDetail(Guid Id, string Reference, Guid ChildId, string ChildReference, string Status, string Urgency, Instant FirstReturnedAt, Instant DueAt,
        Instant? OfferedAt, bool? OfferedWithin72Hours, Instant? ClosedAt, string? DeclinedBy, string? NotOfferedReason, string? AssignedTo, int Version,
        IReadOnlyList<RhiEpisodeItem> Episodes, IReadOnlyList<RhiAttemptItem> Attempts);

    /// <summary>An attempt to engage. <c>method</c>: PHONE, FACE_TO_FACE, VIDEO, TEXT, LETTER, VIA_CARER; <c>outcome</c>:
    /// OFFER_ACCEPTED, NO_ANSWER, MESSAGE_LEFT, DECLINED, ARRANGED, OTHER.</summary>
    public sealed record AttemptRequest(string? AttemptedAt, string? Method, string? Outcome, string? Note);

    /// <summary>Closing without an interview. <c>outcome</c>: DECLINED (with <c>declined_by</c>), NO_CONTACT, NOT_OFFERED
    /// (with <c>not_offered_reason</c>).</summary>
    public sealed record OutcomeRequest(string? Outcome, string? DeclinedBy, string? NotOfferedReason, string? Note, int? Version);

    /// <summary>The interview form; <c>submit</c> true completes the RHI (all required answers) and shares its summary,
    /// false saves a draft.</summary>
    public sealed record InterviewRequest(InterviewForm Form, bool Submit, int? Version);

    public static string Code(RhiStatus status) => status switch
    {
        RhiStatus.AwaitingOffer => "AWAITING_OFFER",
        RhiStatus.Offered => "OFFERED",
        RhiStatus.Completed => "COMPLETED",
        RhiStatus.Declined => "DECLINED",
        RhiStatus.NoContact => "NO_CONTACT",
        _ => "NOT_OFFERED",
    };

    public static string Code(RhiUrgency urgency) => urgency switch
    {
        RhiUrgency.Overdue => "OVERDUE",
        RhiUrgency.DueSoon => "DUE_SOON",
        RhiUrgency.ToOffer => "TO_OFFER",
        RhiUrgency.Waiting => "WAITING",
        _ => "CLOSED",
    };

    /// <summary>The page's field names, as the API's JSON names them.</summary>
    private static readonly Dictionary<string, string> ApiFields = new()
    {
        ["AttemptedAt"] = "attempted_at",
        ["AttemptMethod"] = "method",
        ["AttemptOutcome"] = "outcome",
        ["AttemptNote"] = "note",
        ["Outcome"] = "outcome",
        ["DeclinedBy"] = "declined_by",
        ["NotOfferedReason"] = "not_offered_reason",
        ["OutcomeNote"] = "note",
        ["Version"] = "version",
    };

    public static void MapReturnInterviewsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/return-interviews/{id:guid}/summary", async Task<Results<Ok<RhiSummary>, ProblemHttpResult>> (Guid id, ReturnInterviewWork work, CancellationToken ct) =>
                await work.SummaryAsync(id, "api", ct) is { } summary
                    ? TypedResults.Ok(summary)
                    : TypedResults.Problem(title: "Not found", detail: "No completed return interview with that id is available to you.", statusCode: 404))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetReturnInterviewSummary")
            .WithSummary("The structured summary of a completed Return Home Interview (audited)")
            .WithDescription("Available to the child's responsible authority, the notifying police force and the provider. Opening it records that it was received.");

        var work = api.MapGroup("/return-interviews").RequireAuthorization(Beacon.Web.Policies.ProviderCasework).ProducesProblem(StatusCodes.Status403Forbidden);

        work.MapGet("", async Task<Results<Ok<List<RhiListItem>>, ValidationProblem>> (string? state, string? assigned, string? locality, HttpRequest request, ReturnInterviewWork rhis, CancellationToken ct) =>
            {
                // The parameters declare the filters in the OpenAPI document; the query itself is checked, as a value
                // given twice reaches a string parameter joined with a comma.
                var errors = await FilterErrorsAsync(request.Query, rhis, ct);
                if (errors.Count > 0)
                {
                    return TypedResults.ValidationProblem(errors, title: "The filter is not valid");
                }

                return TypedResults.Ok((await rhis.WorkListAsync(state, assigned, locality, new Infrastructure.Lists.ListRequest(1, null, null), ReturnInterviewWork.WorkListLimit, ct)).Rows.Select(r =>
                    new RhiListItem(r.Id, r.Reference, r.ChildId, r.ChildName, r.District, r.Locality, Code(r.Status), Code(r.Urgency), r.DueAt, r.AssignedTo, r.Episodes, r.SpotPurchase)).ToList());
            })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("ListReturnInterviews")
            .WithSummary("The open RHI work list, soonest due first (provider caseworkers)")
            .WithDescription($"Filters as on the work list page: state overdue, due-soon, to-offer or waiting; assigned me or unassigned; locality. At most {ReturnInterviewWork.WorkListLimit} rows.");

        work.MapGet("/{id:guid}", async Task<Results<Ok<RhiDetail>, ProblemHttpResult>> (Guid id, ReturnInterviewWork rhis, CancellationToken ct) =>
                await DetailAsync(rhis, id, ct) is { } detail ? TypedResults.Ok(detail) : NotFound())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetReturnInterview")
            .WithSummary("An RHI with its 72-hour clock, episodes and attempts (audited)");

        work.MapPost("/{id:guid}/attempts", async Task<Results<Created<RhiDetail>, ValidationProblem, ProblemHttpResult>> (Guid id, AttemptRequest body, ReturnInterviewWork rhis, CancellationToken ct) =>
            {
                var at = UkTime.ParseIso(body.AttemptedAt);
                var result = await rhis.RecordAttemptAtAsync(id, at, $"Enter the date and time of the attempt {UkTime.IsoExample}", Code(Codes.AttemptMethod, body.Method), Code(Codes.AttemptOutcome, body.Outcome), body.Note, ct);
                if (Refusal(result) is { } problem)
                {
                    return problem;
                }

                return result.Succeeded ? TypedResults.Created($"/api/v1/return-interviews/{id}", (await DetailAsync(rhis, id, ct))!) : Invalid(result);
            })
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RecordReturnInterviewAttempt")
            .WithSummary("Record an attempt to engage; the first is the offer")
            .WithDescription("201 with the RHI; 400 with field errors (nothing saved); 404 when the RHI is not available to you; 409 when someone else changed it at the same moment.");

        work.MapPost("/{id:guid}/outcome", async Task<Results<Ok<RhiDetail>, ValidationProblem, ProblemHttpResult>> (Guid id, OutcomeRequest body, ReturnInterviewWork rhis, CancellationToken ct) =>
            {
                var result = await rhis.RecordOutcomeAsync(id, Code(Codes.RhiClose, body.Outcome), Code(Codes.DeclinedBy, body.DeclinedBy), Code(Codes.NotOfferedReason, body.NotOfferedReason), body.Note, body.Version, ct);
                return await ChangedAsync(result, rhis, id, ct);
            })
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CloseReturnInterview")
            .WithSummary("Close an RHI without an interview: declined, no contact after attempts, or not offered")
            .WithDescription("The rules are the page's: no contact needs two attempts or 14 days after the return; not offered only before an offer. 409 when version is stale.");

        work.MapPut("/{id:guid}/interview", async Task<Results<Ok<RhiDetail>, ValidationProblem, ProblemHttpResult>> (Guid id, InterviewRequest body, ReturnInterviewWork rhis, CancellationToken ct) =>
            {
                var result = await rhis.SaveFormAsync(id, Codified(body.Form ?? new InterviewForm()), body.Submit, body.Version, ct, isoTimes: true);
                return await ChangedAsync(result, rhis, id, ct);
            })
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SaveReturnInterviewForm")
            .WithSummary("Save the interview form as a draft, or submit it (completing the RHI and sharing its summary)")
            .WithDescription("form: interviewed_at (ISO 8601 with offset), method, venue, reasons, primary_reason, push_factors, pull_factors, where_went, with_whom, travel, harm, exploitation_indicators, childs_words, actions_agreed, onward_referrals (ids of directory resources: each makes an onward referral, once), referrals_made (the old free text, kept for old interviews; left as stored when absent). 409 when version is stale.");
    }

    /// <summary>The code for any accepted spelling (ADR 19); anything else is passed on, to be refused with the page's message.</summary>
    private static string? Code(CodeList list, string? value) => list.Parse(value) ?? value?.Trim();

    private static InterviewForm Codified(InterviewForm form) => form with
    {
        Method = Code(Codes.InterviewMethod, form.Method),
        Venue = Code(Codes.Venue, form.Venue),
        Reasons = [.. form.Reasons.Select(r => Code(Codes.Reason, r)!)],
        PrimaryReason = Code(Codes.Reason, form.PrimaryReason),
        ExploitationIndicators = [.. form.ExploitationIndicators.Select(r => Code(Codes.ExploitationIndicator, r)!)],
    };

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(title: "Not found", detail: "No return interview with that id is available to you.", statusCode: 404);

    /// <summary>The RHI after a change (200), or why the change was refused (400, 404, 409).</summary>
    private static async Task<Results<Ok<RhiDetail>, ValidationProblem, ProblemHttpResult>> ChangedAsync(WorkResult result, ReturnInterviewWork rhis, Guid id, CancellationToken ct)
    {
        if (Refusal(result) is { } problem)
        {
            return problem;
        }

        return result.Succeeded ? TypedResults.Ok((await DetailAsync(rhis, id, ct))!) : Invalid(result);
    }

    /// <summary>404 or 409 for a change that could not be made, else null.</summary>
    private static ProblemHttpResult? Refusal(WorkResult result) => result switch
    {
        { NotFound: true } => NotFound(),
        { Conflict: true } => TypedResults.Problem(title: "Changed by someone else", detail: result.Errors.FirstOrDefault()?.Message, statusCode: 409),
        _ => null,
    };

    /// <summary>The work list's filters, each given at most once and with a value it knows: a filter it could not apply
    /// is refused, not answered with an empty or unfiltered list.</summary>
    private static async Task<Dictionary<string, string[]>> FilterErrorsAsync(IQueryCollection query, ReturnInterviewWork rhis, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var name in new[] { "state", "assigned", "locality" }.Where(n => query[n].Count > 1))
        {
            errors[name] = [$"Give {name} once: the list filters by one value at a time."];
        }

        if (query["state"].ToString() is { Length: > 0 } state && !errors.ContainsKey("state") && !ReturnInterviewWork.WorkListStates.Contains(state))
        {
            errors["state"] = [$"state must be one of: {string.Join(", ", ReturnInterviewWork.WorkListStates)}."];
        }

        if (query["assigned"].ToString() is { Length: > 0 } assigned && !errors.ContainsKey("assigned") && assigned is not ("me" or "unassigned") && !Guid.TryParse(assigned, out _))
        {
            errors["assigned"] = ["assigned must be me, unassigned or a user's id."];
        }

        if (query["locality"].ToString() is { Length: > 0 } locality && !errors.ContainsKey("locality")
            && await rhis.LocalitiesAsync(ct) is var known && !known.Contains(locality, StringComparer.Ordinal))
        {
            errors["locality"] = [$"locality must be one of: {string.Join(", ", known)}."];
        }

        return errors;
    }

    /// <summary>400 with each refused field under its JSON name; nothing was saved.</summary>
    private static ValidationProblem Invalid(WorkResult result) => TypedResults.ValidationProblem(
        result.Errors.GroupBy(e => ApiFields.GetValueOrDefault(e.Field) ?? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        title: "The change was refused", detail: "Nothing was saved. Correct the fields listed and send it again.");

    private static async Task<RhiDetail?> DetailAsync(ReturnInterviewWork rhis, Guid id, CancellationToken ct)
    {
        if (await rhis.OpenAsync(id, "api", ct) is not { } view)
        {
            return null;
        }

        var i = view.Interview;
        return new RhiDetail(i.Id, i.Reference, i.ChildId, view.Child.Reference, Code(i.Status), Code(view.Urgency), i.FirstReturnedAt, i.DueAt,
            i.OfferedAt, i.OfferedAt is { } offered ? ReturnInterviewRules.OfferedInTime(i.FirstReturnedAt, offered) : null, i.ClosedAt, i.DeclinedBy, i.NotOfferedReason,
            view.AssignedTo, i.Version,
            [.. view.Episodes.Select(e => new RhiEpisodeItem(e.Id, e.PoliceReference, e.ReportedMissingAt, e.ReturnedAt, e.MissingOrAbsent, e.PoliceRisk, e.District))],
            [.. view.Attempts.Select(a => new RhiAttemptItem(a.AttemptedAt, a.Method, a.Outcome, a.Note, a.RecordedByName))]);
    }
}

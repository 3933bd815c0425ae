using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Mace;

/// <summary><c>/api/v1/network</c>: the association map as JSON (issue #5 §3: "the same graph is available as JSON
/// from the API"), for MACE panel roles; the same builder, filters and audit as the map page.</summary>
public static class MaceApi
{
    public static void MapMaceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/network", async Task<Results<Ok<Network>, ProblemHttpResult>> (
                [FromQuery] string? subject, [FromQuery] string? panel, [FromQuery] string? from, [FromQuery] string[]? type,
                MaceWork work, AssociationNetwork network, AuditLog audit, CancellationToken ct) =>
            {
                var (filter, problem) = await NetworkPageFilter.ReadAsync(subject, panel, from, type, work, ct);
                if (filter is null)
                {
                    return TypedResults.Problem(title: "Not valid", detail: problem, statusCode: problem!.Contains("not found", StringComparison.Ordinal) ? 404 : 400);
                }

                var result = await network.BuildAsync(filter, ct);
                await audit.RecordAsync("view", "AssociationMap", filter.Focus?.ToString() ?? $"panel:{filter.Panel}", details: $"api; {result.Nodes.Count} subjects, {result.Edges.Count} links", cancellationToken: ct);
                return TypedResults.Ok(result);
            })
            .RequireAuthorization(Policies.Panel)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetNetwork").WithSummary("The association map around a subject (child:ID, adult:ID, location:ID) or a panel's agenda, two links out, with degree and betweenness");
    }
}

/// <summary>Reads the map's query (subject or panel, from date, link types) the same way for the page and the API.</summary>
public static class NetworkPageFilter
{
    public static async Task<(NetworkFilter? Filter, string? Problem)> ReadAsync(string? subject, string? panel, string? from, string[]? types, MaceWork work, CancellationToken ct)
    {
        Subject? focus = null;
        if (!string.IsNullOrEmpty(subject))
        {
            if (!Subject.TryParse(subject, out var parsed) || !await work.ExistsAsync(parsed, ct))
            {
                return (null, "The subject was not found (use child:ID, adult:ID or location:ID).");
            }

            focus = parsed;
        }

        if (!string.IsNullOrEmpty(panel) && !await work.PanelExistsAsync(panel, ct))
        {
            return (null, "The panel was not found.");
        }

        if (focus is null && string.IsNullOrEmpty(panel))
        {
            return (null, "Give a subject or a panel.");
        }

        var fromDate = Shared.FormDates.Parse(from);
        if (!string.IsNullOrEmpty(from) && fromDate is null)
        {
            return (null, "Enter the from date like 1/4/2026.");
        }

        var typeList = (types ?? []).Where(t => !string.IsNullOrEmpty(t)).ToList();
        if (typeList.Any(t => !MaceVocabulary.LinkTypes.ContainsKey(t)))
        {
            return (null, $"Link types are: {string.Join(", ", MaceVocabulary.LinkTypes.Keys)}.");
        }

        return (new NetworkFilter(focus, string.IsNullOrEmpty(panel) ? null : panel, fromDate, typeList), null);
    }
}

using System.Text.Json;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Mace;

/// <summary>
/// The association map (issue #5 §3) around a child, an adult, a location or a panel's caseload: drawn with
/// Cytoscape.js (wwwroot/js/network.js), with the same content as tables for people who do not use the drawing —
/// the most connected subjects (degree, betweenness), children sharing adults or places, and every link. Filter by
/// date and link type; save the drawing as an image for panel packs. Viewing is audited.
/// </summary>
public sealed class NetworkModel(MaceWork work, AssociationNetwork builder, AuditLog audit, RecordOpener opener) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Panel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string[] Types { get; set; } = [];

    public Network? Result { get; private set; }

    public string Title { get; private set; } = "Association map";

    public string DataJson => JsonSerializer.Serialize(Result, Json);

    public IReadOnlyDictionary<string, string> Labels => Result!.Nodes.ToDictionary(n => n.Id, n => n.Label);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (filter, problem) = await NetworkPageFilter.ReadAsync(Subject, Panel, From, Types, work, cancellationToken);
        if (filter is null && problem!.Contains("not found", StringComparison.Ordinal))
        {
            // A child's map the user may not see is a denied view of that child (ADR 4), not a missing one.
            if (Beacon.Web.Features.Mace.Subject.TryParse(Subject, out var asked) && asked.Kind == "child")
            {
                await opener.AuditViewAsync<Beacon.Web.Infrastructure.Data.Child>(asked.Id, "AssociationMap", null, cancellationToken);
            }
            else
            {
                await audit.RecordAsync("view", "AssociationMap", Subject ?? Panel, AuditOutcome.NotFound, cancellationToken: cancellationToken);
            }

            return NotFound();
        }

        if (filter is null)
        {
            ModelState.AddModelError(Types.Length > 0 ? "type" : "From", problem!);
            filter = new NetworkFilter(Beacon.Web.Features.Mace.Subject.TryParse(Subject, out var s) ? s : null, Panel, null, []);
            if (filter.Focus is null && filter.Panel is null)
            {
                return NotFound();
            }
        }

        Result = await builder.BuildAsync(filter, cancellationToken);
        var focus = filter.Focus?.ToString();
        Title = focus is not null && Result.Nodes.FirstOrDefault(n => n.Id == focus) is { } node ? $"Association map: {node.Label}" : $"Association map: {filter.Panel} panel";
        await audit.RecordAsync("view", "AssociationMap", focus ?? $"panel:{filter.Panel}", details: $"{Result.Nodes.Count} subjects, {Result.Edges.Count} links", cancellationToken: cancellationToken);
        return Page();
    }
}

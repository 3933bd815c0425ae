using Beacon.Domain.Outcomes;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Outcomes;

/// <summary>Taking a reading with the child (issue #19 §1): the date, a score per life area (skippable), the child's own
/// words and the agreed next steps, on the current framework version. The provider's caseworkers and mentors, for a
/// child they may see; others are refused (403), a child they may not see is 404.</summary>
public sealed class NewReadingModel(BeaconDbContext db, OutcomeReadings readings, OutcomeFrameworks frameworks, AuditLog audit) : PageModel
{
    public Child? Item { get; private set; }

    public OutcomeFramework? Framework { get; private set; }

    [BindProperty]
    public string? TakenOn { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Scores { get; set; } = [];

    [BindProperty]
    public Dictionary<string, string?> Words { get; set; } = [];

    [BindProperty]
    public string? NextSteps { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        !OutcomeReadings.MayTakeReading(User) ? Forbid() : await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!OutcomeReadings.MayTakeReading(User))
        {
            return Forbid();
        }

        var errors = await readings.RecordAsync(id, new ReadingInput(TakenOn, Scores, Words, NextSteps), cancellationToken);
        return await this.AfterPostAsync(errors, $"/children/{id}/outcomes", () => LoadAsync(id, cancellationToken), "child");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.MergedIntoId == null, cancellationToken);
        await audit.RecordAsync("view", "OutcomeReadings", $"{id}/outcomes/new", Item is null ? await audit.MissingOutcomeAsync<Child>(id, cancellationToken) : "allowed", cancellationToken: cancellationToken);
        Framework = await frameworks.CurrentAsync(cancellationToken);
        return Item is not null;
    }
}

using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.KeyWork;

/// <summary>The child's family (issue #5 §4: whole-family working): members and the goals the family sets itself.
/// Provider caseworkers; views audited.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class FamilyModel(BeaconDbContext db, KeyWorkService work, RecordOpener opener) : PageModel
{
    public Child? Item { get; private set; }

    public IReadOnlyList<FamilyMember> Members { get; private set; } = [];

    public IReadOnlyList<FamilyGoal> Goals { get; private set; } = [];

    [BindProperty]
    public string? MemberName { get; set; }

    [BindProperty]
    public string? Relationship { get; set; }

    [BindProperty]
    public string? MemberNotes { get; set; }

    [BindProperty]
    public string? Goal { get; set; }

    [BindProperty]
    public Guid GoalId { get; set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostMemberAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.AddFamilyMemberAsync(id, MemberName, Relationship, MemberNotes, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostGoalAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.AddFamilyGoalAsync(id, Goal, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostGoalStatusAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.SetGoalStatusAsync(id, GoalId, Status, Version, cancellationToken), cancellationToken);

    private async Task<IActionResult> ResultAsync(Guid id, Func<Task<IReadOnlyList<Infrastructure.Csv.FieldError>>> change, CancellationToken cancellationToken) =>
        await this.AfterPostAsync(await change(), $"/children/{id}/family", () => LoadAsync(id, cancellationToken), "child");

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = await opener.OpenAsync(db.Children.AsNoTracking(), id, "Family", _ => $"{id}/family", cancellationToken);
        if (Item is null)
        {
            return false;
        }

        Members = await db.FamilyMembers.AsNoTracking().Where(m => m.ChildId == id).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
        Goals = await db.FamilyGoals.AsNoTracking().Where(g => g.ChildId == id).OrderBy(g => g.CreatedAt).ToListAsync(cancellationToken);
        return true;
    }
}

using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>Closes an intervention-meeting action: done (with what was done) or cancelled (with why), on a date.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class ActionModel(BeaconDbContext db, RecordOpener opener, IClock clock) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> Closures = new Dictionary<string, string>
    {
        [MeetingAction.Done] = "Done",
        [MeetingAction.Cancelled] = "Cancelled (no longer needed)",
    };

    public MeetingAction? Item { get; private set; }

    public string ChildName { get; private set; } = string.Empty;

    [BindProperty]
    public string? Closure { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? ClosedOn { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        ClosedOn = ChildAge.DateOf(clock.GetCurrentInstant()).ToString("d/M/yyyy", null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var action = await db.MeetingActions.SingleOrDefaultAsync(a => a.Id == id);
        if (action is null)
        {
            return NotFound();
        }

        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var closed = MeetingModel.Parse(ClosedOn);
        if (action.Status != MeetingAction.Open)
        {
            ModelState.AddModelError(nameof(Closure), "This action is already closed");
        }

        if (Closure is null || !Closures.ContainsKey(Closure))
        {
            ModelState.AddModelError(nameof(Closure), "Select whether the action was done or cancelled");
        }

        if (string.IsNullOrWhiteSpace(Outcome) || Outcome.Trim().Length > 2000)
        {
            ModelState.AddModelError(nameof(Outcome), Closure == MeetingAction.Cancelled ? "Say why the action was cancelled, in 2,000 characters or fewer" : "Say what was done, in 2,000 characters or fewer");
        }

        if (closed is null || closed > today)
        {
            ModelState.AddModelError(nameof(ClosedOn), "Enter the date it was closed, like 21/11/2026, not in the future");
        }

        if (Version != action.Version)
        {
            ModelState.AddModelError(nameof(Closure), "Someone else changed this action. Reload the page to see their changes.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(id);
            return Page();
        }

        action.Status = Closure!;
        action.Outcome = Outcome!.Trim();
        action.ClosedOn = closed;
        await db.SaveChangesAsync();
        return Redirect($"/repeat-missing/{action.MeetingId}#actions");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        Item = await opener.OpenAsync(db.MeetingActions.AsNoTracking().Include(a => a.Child), id, nameof(MeetingAction), a => $"{a.ChildId}/{id}");
        ChildName = Item?.Child is { } c ? $"{c.GivenName} {c.FamilyName}" : string.Empty;
        return Item is not null;
    }
}

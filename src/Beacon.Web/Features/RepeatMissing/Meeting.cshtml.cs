using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>Records an intervention meeting as held (date, chair, attendees by agency, risks, decisions, next review)
/// and the actions it agreed, each with an owner and due date, tracked on <see cref="ActionModel"/>.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class MeetingModel(BeaconDbContext db, Beacon.Web.Infrastructure.Auditing.RecordOpener opener, IClock clock) : PageModel
{
    public InterventionMeeting? Meeting { get; private set; }

    public string ChildName { get; private set; } = string.Empty;

    public IReadOnlyList<MeetingAction> AgreedActions { get; private set; } = [];

    public LocalDate Today { get; private set; }

    /// <summary>Whether the meeting was raised late (<see cref="InterventionMeeting.IsRaisedLate"/>).</summary>
    public bool RaisedLate { get; private set; }

    [BindProperty]
    public string? ActionDescription { get; set; }

    [BindProperty]
    public string? ActionOwnerAgency { get; set; }

    [BindProperty]
    public string? ActionOwnerName { get; set; }

    [BindProperty]
    public string? ActionDueOn { get; set; }

    [BindProperty]
    public string? HeldOn { get; set; }

    [BindProperty]
    public string? Chair { get; set; }

    [BindProperty]
    public string? Attendees { get; set; }

    [BindProperty]
    public string? RisksDiscussed { get; set; }

    [BindProperty]
    public string? Actions { get; set; }

    [BindProperty]
    public string? NextReviewOn { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var m = Meeting!;
        (HeldOn, Chair, Attendees, RisksDiscussed, Actions, NextReviewOn) = (m.HeldOn?.ToString("d/M/yyyy", null), m.Chair, m.Attendees, m.RisksDiscussed, m.Actions, m.NextReviewOn?.ToString("d/M/yyyy", null));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var meeting = await db.InterventionMeetings.SingleOrDefaultAsync(m => m.Id == id);
        if (meeting is null)
        {
            return NotFound();
        }

        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var held = Parse(HeldOn);
        var review = Parse(NextReviewOn);
        if (held is null || held > today)
        {
            ModelState.AddModelError(nameof(HeldOn), "Enter the date the meeting was held, like 21/11/2026, not in the future");
        }

        if (string.IsNullOrWhiteSpace(Chair))
        {
            ModelState.AddModelError(nameof(Chair), "Enter who chaired the meeting");
        }

        if (string.IsNullOrWhiteSpace(Attendees))
        {
            ModelState.AddModelError(nameof(Attendees), "List who attended, by agency");
        }

        if (!string.IsNullOrWhiteSpace(NextReviewOn) && (review is null || review <= held))
        {
            ModelState.AddModelError(nameof(NextReviewOn), "The next review must be a date after the meeting, like 5/1/2027");
        }

        if (Version != meeting.Version)
        {
            ModelState.AddModelError(nameof(Chair), "Someone else changed this meeting record. Reload the page to see their changes.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(id);
            return Page();
        }

        static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        meeting.Status = "held";
        meeting.HeldOn = held;
        meeting.Chair = Clean(Chair);
        meeting.Attendees = Clean(Attendees);
        meeting.RisksDiscussed = Clean(RisksDiscussed);
        meeting.Actions = Clean(Actions);
        meeting.NextReviewOn = review;
        await db.SaveChangesAsync();
        return Redirect($"/repeat-missing/{id}#actions"); // next: the actions it agreed
    }

    /// <summary>Adds an action agreed at a meeting already recorded as held.</summary>
    public async Task<IActionResult> OnPostAddActionAsync(Guid id)
    {
        var meeting = await db.InterventionMeetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id);
        if (meeting is null)
        {
            return NotFound();
        }

        // Only the action's fields are validated here; the meeting form's fields are not part of this post.
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith("Action", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        var due = Parse(ActionDueOn);
        if (meeting.Status != "held")
        {
            ModelState.AddModelError(nameof(ActionDescription), "Record the meeting as held before adding the actions it agreed");
        }

        if (string.IsNullOrWhiteSpace(ActionDescription) || ActionDescription.Trim().Length > 1000)
        {
            ModelState.AddModelError(nameof(ActionDescription), "Describe the action in 1,000 characters or fewer");
        }

        if (string.IsNullOrWhiteSpace(ActionOwnerAgency) || ActionOwnerAgency.Trim().Length > 200)
        {
            ModelState.AddModelError(nameof(ActionOwnerAgency), "Enter the agency that owns the action");
        }

        if ((ActionOwnerName?.Trim().Length ?? 0) > 200)
        {
            ModelState.AddModelError(nameof(ActionOwnerName), "The owner's name must be 200 characters or fewer");
        }

        if (due is null || (meeting.HeldOn is { } held && due < held))
        {
            ModelState.AddModelError(nameof(ActionDueOn), "Enter the date the action is due, like 5/1/2027, on or after the meeting");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(id);
            return Page();
        }

        var now = clock.GetCurrentInstant();
        db.MeetingActions.Add(new MeetingAction
        {
            Id = Guid.CreateVersion7(),
            MeetingId = meeting.Id,
            ChildId = meeting.ChildId,
            Description = ActionDescription!.Trim(),
            OwnerAgency = ActionOwnerAgency!.Trim(),
            OwnerName = string.IsNullOrWhiteSpace(ActionOwnerName) ? null : ActionOwnerName.Trim(),
            DueOn = due!.Value,
            Status = MeetingAction.Open,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        return Redirect($"/repeat-missing/{id}#actions");
    }

    internal static LocalDate? Parse(string? text) => Beacon.Web.Features.Shared.FormDates.Parse(text);

    private async Task<bool> LoadAsync(Guid id)
    {
        Meeting = await db.InterventionMeetings.AsNoTracking().Include(m => m.Child).SingleOrDefaultAsync(m => m.Id == id);
        ChildName = Meeting?.Child is { } c ? $"{c.GivenName} {c.FamilyName}" : string.Empty;
        if (Meeting is not null)
        {
            var triggerNotifiedAt = await db.Episodes.IgnoreQueryFilters().Where(e => e.Id == Meeting.TriggerEpisodeId).Select(e => e.NotifiedAt).SingleAsync();
            RaisedLate = InterventionMeeting.IsRaisedLate(Meeting.RaisedOn, triggerNotifiedAt);
        }

        Today = ChildAge.DateOf(clock.GetCurrentInstant());
        AgreedActions = await db.MeetingActions.AsNoTracking().Where(a => a.MeetingId == id).OrderBy(a => a.DueOn).ThenBy(a => a.CreatedAt).ToListAsync();
        await opener.AuditViewAsync<InterventionMeeting>(id, nameof(InterventionMeeting), Meeting is null ? null : $"{Meeting.ChildId}/{id}");
        return Meeting is not null;
    }
}

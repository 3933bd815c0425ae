using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>A meeting needed; <see cref="RaisedLate"/> when it was raised after the day its crossing episode was notified
/// (<see cref="InterventionMeeting.IsRaisedLate"/>), its due date still counting from the crossing.</summary>
public sealed record MeetingRow(Guid Id, Guid ChildId, string ChildName, string ChildReference, int Level, LocalDate CrossedOn, LocalDate RaisedOn, LocalDate DueOn, Instant TriggerNotifiedAt)
{
    public bool RaisedLate => InterventionMeeting.IsRaisedLate(RaisedOn, TriggerNotifiedAt);
}

/// <summary>Children needing an intervention meeting (soonest due first, or only those overdue) and meeting actions
/// past their due date (issue #4 §1), each a sortable, paged list (issue #17 §2).</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class RepeatMissingModel(Beacon.Web.Infrastructure.Data.BeaconDbContext db, IOptions<RepeatMissingOptions> options, IClock clock) : PageModel
{
    public ListPage<MeetingRow> Needed { get; private set; } = ListPage<MeetingRow>.Empty;

    public int OverdueMeetings { get; private set; }

    public int OverdueActionCount { get; private set; }

    public ListPage<ActionItem> OverdueActions { get; private set; } = ListPage<ActionItem>.Empty;

    /// <summary><c>?show=overdue</c> lists only meetings past their due date; <c>?show=actions</c> the overdue actions.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public LocalDate Today { get; private set; }

    public IReadOnlyList<int> Thresholds => options.Value.Thresholds;

    public int WindowDays => options.Value.WindowDays;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ListRequest.From(HttpContext) is not { } list)
        {
            return BadRequest();
        }

        Today = ChildAge.DateOf(clock.GetCurrentInstant());
        OverdueMeetings = await RepeatMissingLists.Meetings(db, Today, overdueOnly: true).CountAsync(cancellationToken);
        OverdueActionCount = await RepeatMissingLists.OverdueActions(db, Today).CountAsync(cancellationToken);
        if (Show == "actions")
        {
            OverdueActions = await RepeatMissingLists.ActionSorts.PageAsync(RepeatMissingLists.OverdueActions(db, Today), list, RepeatMissingLists.PageSize, cancellationToken);
            return Page();
        }

        var meetings = await RepeatMissingLists.MeetingSorts.PageAsync(RepeatMissingLists.Meetings(db, Today, Show == "overdue"), list, RepeatMissingLists.PageSize, cancellationToken);
        var triggers = meetings.Rows.Select(m => m.TriggerEpisodeId).ToList();
        var notified = await db.Episodes.IgnoreQueryFilters().AsNoTracking().Where(e => triggers.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.NotifiedAt, cancellationToken);
        Needed = meetings.With<MeetingRow>([.. meetings.Rows.Select(m => new MeetingRow(m.Id, m.ChildId, m.ChildName, m.ChildReference, m.Level, m.CrossedOn, m.RaisedOn, m.DueOn, notified.GetValueOrDefault(m.TriggerEpisodeId)))]);
        return Page();
    }
}

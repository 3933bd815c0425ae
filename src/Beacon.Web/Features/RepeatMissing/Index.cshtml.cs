using Beacon.Domain.Missing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>A meeting needed; <see cref="RaisedLate"/> when it was raised after the day its crossing episode was notified
/// (<see cref="InterventionMeeting.IsRaisedLate"/>), its due date still counting from the crossing.</summary>
public sealed record MeetingRow(Guid Id, Guid ChildId, string ChildName, int Level, LocalDate CrossedOn, LocalDate RaisedOn, LocalDate DueOn, Instant TriggerNotifiedAt)
{
    public bool RaisedLate => InterventionMeeting.IsRaisedLate(RaisedOn, TriggerNotifiedAt);
}

public sealed record ActionRow(Guid Id, Guid MeetingId, Guid ChildId, string ChildName, string Description, string OwnerAgency, LocalDate DueOn);

/// <summary>Children needing an intervention meeting (soonest due first, or only those overdue) and meeting actions
/// past their due date (issue #4 §1).</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class RepeatMissingModel(Beacon.Web.Infrastructure.Data.BeaconDbContext db, IOptions<RepeatMissingOptions> options, IClock clock) : PageModel
{
    public IReadOnlyList<MeetingRow> Needed { get; private set; } = [];

    public int OverdueMeetings { get; private set; }

    public IReadOnlyList<ActionRow> OverdueActions { get; private set; } = [];

    /// <summary><c>?show=overdue</c> lists only meetings past their due date.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public LocalDate Today { get; private set; }

    public IReadOnlyList<int> Thresholds => options.Value.Thresholds;

    public int WindowDays => options.Value.WindowDays;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = ChildAge.DateOf(clock.GetCurrentInstant());
        var today = Today;
        var needed = db.InterventionMeetings.AsNoTracking().Where(m => m.Status == "needed");
        OverdueMeetings = await needed.CountAsync(m => m.DueOn < today, cancellationToken);
        Needed = await (Show == "overdue" ? needed.Where(m => m.DueOn < today) : needed).OrderBy(m => m.DueOn).Take(500)
            .Select(m => new MeetingRow(m.Id, m.ChildId, m.Child!.GivenName + " " + m.Child.FamilyName, m.Level, m.CrossedOn, m.RaisedOn, m.DueOn,
                db.Episodes.IgnoreQueryFilters().Where(e => e.Id == m.TriggerEpisodeId).Select(e => e.NotifiedAt).Single()))
            .ToListAsync(cancellationToken);
        OverdueActions = await db.MeetingActions.AsNoTracking().Where(a => a.Status == MeetingAction.Open && a.DueOn < today).OrderBy(a => a.DueOn).Take(500)
            .Select(a => new ActionRow(a.Id, a.MeetingId, a.ChildId, a.Child!.GivenName + " " + a.Child.FamilyName, a.Description, a.OwnerAgency, a.DueOn))
            .ToListAsync(cancellationToken);
    }
}

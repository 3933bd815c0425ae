using Beacon.Domain.Missing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

public sealed record MeetingRow(Guid Id, Guid ChildId, string ChildName, int Level, LocalDate CrossedOn, LocalDate DueOn);

/// <summary>Children needing an intervention meeting, soonest due first.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class RepeatMissingModel(Beacon.Web.Infrastructure.Data.BeaconDbContext db, IOptions<RepeatMissingOptions> options, IClock clock) : PageModel
{
    public IReadOnlyList<MeetingRow> Needed { get; private set; } = [];

    public LocalDate Today { get; private set; }

    public IReadOnlyList<int> Thresholds => options.Value.Thresholds;

    public int WindowDays => options.Value.WindowDays;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = ChildAge.DateOf(clock.GetCurrentInstant());
        Needed = await db.InterventionMeetings.AsNoTracking().Where(m => m.Status == "needed").OrderBy(m => m.DueOn).Take(500)
            .Select(m => new MeetingRow(m.Id, m.ChildId, m.Child!.GivenName + " " + m.Child.FamilyName, m.Level, m.CrossedOn, m.DueOn))
            .ToListAsync(cancellationToken);
    }
}

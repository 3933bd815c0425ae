using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

/// <summary>One MACE panel: chair and core members by agency (the chair keeps them), its meetings (the chair schedules
/// them) and its open disruption actions.</summary>
public sealed class PanelModel(BeaconDbContext db, MaceWork work, IClock clock) : PageModel
{
    public MacePanel? Item { get; private set; }

    public string Slug { get; private set; } = "";

    public IReadOnlyList<PanelMeeting> Meetings { get; private set; } = [];

    public IReadOnlyList<DisruptionAction> OpenActions { get; private set; } = [];

    public LocalDate Today { get; private set; }

    public bool IsChair => User.IsInRole(Roles.PanelChair);

    [BindProperty]
    public string? MeetingOn { get; set; }

    [BindProperty]
    public string? ChairName { get; set; }

    [BindProperty]
    public string? CoreMembers { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        ChairName = Item!.ChairName;
        CoreMembers = Item.CoreMembers;
        Version = Item.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostScheduleAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        if (!IsChair)
        {
            return await this.ForbidAuditedAsync("role: panel-chair");
        }

        var (meeting, errors) = await work.ScheduleMeetingAsync(Item!.Name, MeetingOn, cancellationToken);
        if (meeting is not null)
        {
            return Redirect($"/mace/meetings/{meeting.Id}");
        }

        errors.AddTo(ModelState);
        return Page();
    }

    public async Task<IActionResult> OnPostMembersAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        if (!IsChair)
        {
            return await this.ForbidAuditedAsync("role: panel-chair");
        }

        return await this.AfterPostAsync(await work.UpdatePanelAsync(Item!.Name, ChairName, CoreMembers, Version, cancellationToken), $"/mace/panels/{slug}", () => LoadAsync(slug, cancellationToken), "panel");
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        Today = ChildAge.DateOf(clock.GetCurrentInstant());
        var panels = await db.MacePanels.AsNoTracking().ToListAsync(cancellationToken);
        Item = panels.FirstOrDefault(p => Reports.ReturnChart.Slug(p.Name) == slug);
        if (Item is null)
        {
            return false;
        }

        Slug = slug;
        Meetings = await db.PanelMeetings.AsNoTracking().Where(m => m.Panel == Item.Name).OrderByDescending(m => m.MeetingOn).Take(50).ToListAsync(cancellationToken);
        OpenActions = await db.DisruptionActions.AsNoTracking().Where(a => a.Panel == Item.Name && a.Status == DisruptionAction.Open).OrderBy(a => a.DueOn).ToListAsync(cancellationToken);
        await work.HideTextOfHiddenChildrenAsync(OpenActions, cancellationToken);
        return true;
    }
}

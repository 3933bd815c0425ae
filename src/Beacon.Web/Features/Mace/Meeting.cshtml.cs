using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

/// <summary>A disruption action as the meeting shows it; <see cref="Hidden"/>: about a child the user may not see (no words, no changes).</summary>
public sealed record ActionRow(DisruptionAction Action, string Target, string? TargetHref, bool Hidden = false);

/// <summary>
/// A MACE meeting (issue #5 §2): the agenda of children (while scheduled, every open medium/high referral routed to the
/// panel; once held, the children discussed), each with the vulnerability cross-reference; the adults and locations
/// around them; decisions; disruption actions with owner, target, due date, status and outcome; minutes. Viewing the
/// agenda is audited for each child shown.
/// </summary>
public sealed class PanelMeetingModel(BeaconDbContext db, MaceWork work, CrossReference crossReference, AuditLog audit, RecordOpener opener, IClock clock) : PageModel
{
    public PanelMeeting? Item { get; private set; }

    public string PanelSlug => Reports.ReturnChart.Slug(Item!.Panel);

    public IReadOnlyList<AgendaChild> Children { get; private set; } = [];

    public IReadOnlyList<(string Subject, string Label, string Href)> Concerns { get; private set; } = [];

    public IReadOnlyList<ActionRow> Actions { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Targets { get; private set; } = [];

    public LocalDate Today { get; private set; }

    public bool IsChair => User.IsInRole(Roles.PanelChair);

    [BindProperty]
    public Guid ChildId { get; set; }

    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public string? SinceLastTime { get; set; }

    [BindProperty]
    public string? AgendaSubject { get; set; }

    public IReadOnlyList<KeyValuePair<string, string>> ConcernChoices { get; private set; } = [];

    [BindProperty]
    public string? Target { get; set; }

    [BindProperty]
    public string? OwnerAgency { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? DueOn { get; set; }

    [BindProperty]
    public Guid ActionId { get; set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Minutes { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Minutes = Item!.Minutes;
        Version = Item.Version;
        return Page();
    }

    public Task<IActionResult> OnPostDiscussAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.RecordDiscussionAsync(id, ChildId, Decision, SinceLastTime, cancellationToken), $"child-{ChildId}", cancellationToken);

    public Task<IActionResult> OnPostAgendaAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.AddToAgendaAsync(id, AgendaSubject, cancellationToken), "concerns", cancellationToken);

    public Task<IActionResult> OnPostActionAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.AddActionAsync(id, new ActionInput(Target, OwnerAgency, Description, DueOn), cancellationToken), "actions", cancellationToken);

    public async Task<IActionResult> OnPostUpdateActionAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.DisruptionActions.AnyAsync(a => a.Id == ActionId && a.MeetingId == id, cancellationToken))
        {
            return NotFound();
        }

        return await ResultAsync(id, () => work.UpdateActionAsync(ActionId, Status, Outcome, Version, cancellationToken), $"action-{ActionId}", cancellationToken);
    }

    public async Task<IActionResult> OnPostMinutesAsync(Guid id, string? held, CancellationToken cancellationToken) =>
        IsChair ? await ResultAsync(id, () => work.SaveMinutesAsync(id, Minutes, held == "true", Version, cancellationToken), "minutes", cancellationToken) : await this.ForbidAuditedAsync("role: panel-chair");

    private async Task<IActionResult> ResultAsync(Guid id, Func<Task<IReadOnlyList<Infrastructure.Csv.FieldError>>> change, string anchor, CancellationToken cancellationToken) =>
        await db.PanelMeetings.AnyAsync(m => m.Id == id, cancellationToken)
            ? await this.AfterPostAsync(await change(), $"/mace/meetings/{id}#{anchor}", () => LoadAsync(id, cancellationToken), "meeting", "action")
            : NotFound();

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Today = ChildAge.DateOf(clock.GetCurrentInstant());
        Item = await db.PanelMeetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (Item is null)
        {
            await opener.AuditViewAsync<PanelMeeting>(id, nameof(PanelMeeting), null, cancellationToken);
            return false;
        }

        var panel = Item.Panel;
        var discussed = await db.PanelDiscussions.AsNoTracking().Where(d => d.MeetingId == id).Select(d => d.ChildId).ToListAsync(cancellationToken);
        var waiting = Item.Status == PanelMeeting.Held ? [] : await db.Referrals.AsNoTracking()
            .Where(r => r.Status == Referral.Open && r.Pathway == Pathway.MacePanel && r.Panel == panel).Select(r => r.ChildId).ToListAsync(cancellationToken);
        Children = await crossReference.ForChildrenAsync([.. discussed.Union(waiting).Distinct()], cancellationToken);

        var actions = await db.DisruptionActions.AsNoTracking().Where(a => a.MeetingId == id || (a.Panel == panel && a.Status == DisruptionAction.Open)).OrderBy(a => a.DueOn).ToListAsync(cancellationToken);
        var childSubjects = Children.Select(c => new Subject("child", c.ChildId).ToString()).ToList();
        var linked = await db.Associations.AsNoTracking().Where(a => childSubjects.Contains(a.FromSubject) || childSubjects.Contains(a.ToSubject))
            .Select(a => new[] { a.FromSubject, a.ToSubject }).ToListAsync(cancellationToken);
        var added = await db.PanelAgendaItems.AsNoTracking().Where(i => i.MeetingId == id).Select(i => new[] { i.Subject }).ToListAsync(cancellationToken);
        linked.AddRange(added);
        var adultIds = actions.Where(a => a.AdultId != null).Select(a => a.AdultId!.Value).Concat(Ids(linked, "adult")).Distinct().ToList();
        var locationIds = actions.Where(a => a.LocationId != null).Select(a => a.LocationId!.Value).Concat(Ids(linked, "location")).Distinct().ToList();
        var adults = await db.AdultsOfConcern.AsNoTracking().Where(a => adultIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var locations = await db.LocationsOfConcern.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        Concerns = [.. adults.Values.OrderBy(a => a.Name).Select(a => ($"adult:{a.Id}", $"Adult: {a.Name} ({a.Reference})", $"/mace/adults/{a.Id}")),
            .. locations.Values.OrderBy(l => l.Name).Select(l => ($"location:{l.Id}", $"Location: {l.Name} ({l.Reference})", $"/mace/locations/{l.Id}"))];

        var childNames = Children.ToDictionary(c => c.ChildId, c => c.Name);
        var otherChildren = actions.Where(a => a.ChildId is { } c && !childNames.ContainsKey(c)).Select(a => a.ChildId!.Value).ToList();
        foreach (var c in await db.Children.AsNoTracking().Where(c => otherChildren.Contains(c.Id)).Select(c => new { c.Id, c.GivenName, c.FamilyName }).ToListAsync(cancellationToken))
        {
            childNames[c.Id] = $"{c.GivenName} {c.FamilyName}";
        }

        var hidden = await work.HideTextOfHiddenChildrenAsync(actions, cancellationToken);
        Actions = [.. actions.Select(a => a switch
        {
            { ChildId: { } c } => new ActionRow(a, childNames.TryGetValue(c, out var n) ? $"Child: {n}" : "A child not visible to you", childNames.ContainsKey(c) ? $"/mace/children/{c}" : null, hidden.Contains(a.Id)),
            { AdultId: { } ad } => new ActionRow(a, adults.TryGetValue(ad, out var x) ? $"Adult: {x.Name}" : "Adult", $"/mace/adults/{ad}"),
            { LocationId: { } l } => new ActionRow(a, locations.TryGetValue(l, out var y) ? $"Location: {y.Name}" : "Location", $"/mace/locations/{l}"),
            _ => new ActionRow(a, "—", null),
        })];

        ConcernChoices = await work.ConcernChoicesAsync(cancellationToken);
        Targets = [.. Children.Select(c => new KeyValuePair<string, string>($"child:{c.ChildId}", $"Child: {c.Name}")), .. ConcernChoices];

        await audit.RecordAsync("view", nameof(PanelMeeting), id.ToString(), cancellationToken: cancellationToken);
        await audit.RecordAllAsync("view", "PanelAgenda", [.. Children.Select(c => $"{c.ChildId}/{id}")], cancellationToken: cancellationToken);

        return true;
    }

    private static IEnumerable<Guid> Ids(IEnumerable<string[]> pairs, string kind) =>
        pairs.SelectMany(p => p).Select(s => Subject.TryParse(s, out var subject) && subject.Kind == kind ? subject.Id : Guid.Empty).Where(g => g != Guid.Empty);
}

using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

/// <summary>A child as the MACE panel sees them: the vulnerability cross-reference (add a partner's flag), links on
/// the association map (add one in a click), the panel's decisions and actions. Only for children the user may see;
/// every view audited.</summary>
public sealed class ChildPanelViewModel(BeaconDbContext db, MaceWork work, CrossReference crossReference, SubjectLinks links, RecordOpener opener, IClock clock) : PageModel
{
    public AgendaChild? Item { get; private set; }

    public IReadOnlyList<LinkRow> Links { get; private set; } = [];

    public IReadOnlyList<DisruptionAction> Actions { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Targets { get; private set; } = [];

    public Subject Subject { get; private set; }

    [BindProperty]
    public LinkFields Link { get; set; } = new();

    [BindProperty]
    public string? FlagKind { get; set; }

    [BindProperty]
    public string? Detail { get; set; }

    [BindProperty]
    public string? SourceAgency { get; set; }

    [BindProperty]
    public string? RecordedOn { get; set; }

    /// <summary>The return interview the link form was prefilled from ("add to the map in a click").</summary>
    public string? PrefilledFrom { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? fromRhi, CancellationToken cancellationToken)
    {
        RecordedOn = ChildAge.DateOf(clock.GetCurrentInstant()).ToString("d/M/yyyy", null);
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (fromRhi is { } rhiId)
        {
            var interview = await db.ReturnInterviews.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rhiId && r.ChildId == id, cancellationToken);
            if (interview is null)
            {
                return NotFound();
            }

            PrefilledFrom = interview.Reference;
            var notes = $"Return interview {interview.Reference}. Where they went: {interview.WhereWent ?? "not recorded"}. With whom: {interview.WithWhom ?? "not recorded"}.";
            Link = new LinkFields
            {
                Source = "RHI",
                ObservedOn = ChildAge.DateOf(interview.InterviewedAt ?? interview.FirstReturnedAt).ToString("d/M/yyyy", null),
                Notes = notes.Length > 2000 ? notes[..2000] : notes,
            };
        }

        return Page();
    }

    [BindProperty]
    public Guid LinkId { get; set; }

    public async Task<IActionResult> OnPostRemoveLinkAsync(Guid id, CancellationToken cancellationToken) =>
        await crossReference.ForChildrenAsync([id], cancellationToken) is { Count: 1 } && await work.RemoveAssociationAsync(LinkId, new Subject("child", id), cancellationToken)
            ? Redirect($"/mace/children/{id}#links") : NotFound();

    public async Task<IActionResult> OnPostLinkAsync(Guid id, CancellationToken cancellationToken) =>
        await ResultAsync(id, await work.AddAssociationAsync(Link.For(new Subject("child", id)), cancellationToken), "links", cancellationToken);

    public async Task<IActionResult> OnPostFlagAsync(Guid id, CancellationToken cancellationToken)
    {
        var errors = await work.AddFlagAsync(id, new FlagInput(FlagKind, Detail, SourceAgency, RecordedOn), cancellationToken);
        return await ResultAsync(id, [.. errors.Select(e => e.Field == "Kind" ? e with { Field = "FlagKind" } : e)], "cross-reference", cancellationToken);
    }

    private async Task<IActionResult> ResultAsync(Guid id, IReadOnlyList<Infrastructure.Csv.FieldError> errors, string anchor, CancellationToken cancellationToken) =>
        await this.AfterPostAsync(errors, $"/mace/children/{id}#{anchor}", () => LoadAsync(id, cancellationToken), "child", "From");

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = (await crossReference.ForChildrenAsync([id], cancellationToken)).SingleOrDefault();
        await opener.AuditViewAsync<Child>(id, "PanelChildView", Item is null ? null : $"{id}/panel", cancellationToken);
        if (Item is null)
        {
            return false;
        }

        Subject = new Subject("child", id);
        Links = await links.ForAsync(Subject, cancellationToken);
        Actions = await db.DisruptionActions.AsNoTracking().Where(a => a.ChildId == id).OrderByDescending(a => a.DueOn).ToListAsync(cancellationToken);
        Targets = await work.ConcernChoicesAsync(cancellationToken);
        return true;
    }
}

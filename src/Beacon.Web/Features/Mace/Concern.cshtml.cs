using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Mace;

public sealed record LinkRow(string Type, string Other, string? OtherHref, NodaTime.LocalDate ObservedOn, string Source, string Grading, string RecordedBy, string? Notes);

/// <summary>One adult or location of concern: what is known, its links on the association map (add one in a click),
/// and the disruption actions that target it. Every view is audited.</summary>
public sealed class ConcernModel(BeaconDbContext db, MaceWork work, SubjectLinks links, AuditLog audit) : PageModel
{
    public string Kind { get; private set; } = "adults";

    public AdultOfConcern? Adult { get; private set; }

    public LocationOfConcern? Location { get; private set; }

    public string Name => Adult?.Name ?? Location!.Name;

    public string Reference => Adult?.Reference ?? Location!.Reference;

    public Subject Subject { get; private set; }

    public IReadOnlyList<LinkRow> Links { get; private set; } = [];

    public IReadOnlyList<DisruptionAction> Actions { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Targets { get; private set; } = [];

    [BindProperty]
    public LinkFields Link { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string kind, Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(kind, id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostLinkAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        var subject = new Subject(kind == "adults" ? "adult" : "location", id);
        if (!await work.ExistsAsync(subject, cancellationToken))
        {
            return NotFound();
        }

        var errors = await work.AddAssociationAsync(Link.For(subject), cancellationToken);
        if (errors.Count == 0)
        {
            return Redirect($"/mace/{kind}/{id}#links");
        }

        errors.AddTo(ModelState);
        await LoadAsync(kind, id, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        Kind = kind;
        if (kind == "adults")
        {
            Adult = await db.AdultsOfConcern.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        }
        else
        {
            Location = await db.LocationsOfConcern.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        }

        var found = Adult is not null || Location is not null;
        await audit.RecordAsync("view", kind == "adults" ? nameof(AdultOfConcern) : nameof(LocationOfConcern), id.ToString(), found ? "allowed" : "not-found", cancellationToken: cancellationToken);
        if (!found)
        {
            return false;
        }

        Subject = new Subject(kind == "adults" ? "adult" : "location", id);
        Links = await links.ForAsync(Subject, cancellationToken);
        Actions = await db.DisruptionActions.AsNoTracking().Where(a => a.AdultId == id || a.LocationId == id).OrderByDescending(a => a.DueOn).ToListAsync(cancellationToken);
        Targets = [.. (await work.ConcernChoicesAsync(cancellationToken)).Where(t => t.Key != Subject.ToString())];
        return true;
    }
}

/// <summary>The links of one subject, each with the subject at the other end named as the user may see it.</summary>
public sealed class SubjectLinks(BeaconDbContext db)
{
    public async Task<IReadOnlyList<LinkRow>> ForAsync(Subject subject, CancellationToken cancellationToken = default)
    {
        var key = subject.ToString();
        var rows = await db.Associations.AsNoTracking().Where(a => a.FromSubject == key || a.ToSubject == key).OrderByDescending(a => a.ObservedOn).ToListAsync(cancellationToken);
        var others = rows.Select(r => r.FromSubject == key ? r.ToSubject : r.FromSubject).Select(s => Subject.TryParse(s, out var o) ? o : default).ToList();
        var childIds = others.Where(o => o.Kind == "child").Select(o => o.Id).ToList();
        var adultIds = others.Where(o => o.Kind == "adult").Select(o => o.Id).ToList();
        var locationIds = others.Where(o => o.Kind == "location").Select(o => o.Id).ToList();
        var names = new Dictionary<string, string>();
        foreach (var c in await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).Select(c => new { c.Id, c.GivenName, c.FamilyName }).ToListAsync(cancellationToken))
        {
            names[$"child:{c.Id}"] = $"Child: {c.GivenName} {c.FamilyName}";
        }

        foreach (var a in await db.AdultsOfConcern.AsNoTracking().Where(a => adultIds.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken))
        {
            names[$"adult:{a.Id}"] = $"Adult: {a.Name}";
        }

        foreach (var l in await db.LocationsOfConcern.AsNoTracking().Where(l => locationIds.Contains(l.Id)).Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken))
        {
            names[$"location:{l.Id}"] = $"Location: {l.Name}";
        }

        return [.. rows.Select(r =>
        {
            var other = r.FromSubject == key ? r.ToSubject : r.FromSubject;
            var known = names.TryGetValue(other, out var name);
            var href = !known ? null : other.Split(':') switch
            {
                ["child", var i] => $"/mace/children/{i}",
                ["adult", var i] => $"/mace/adults/{i}",
                [_, var i] => $"/mace/locations/{i}",
                _ => null,
            };
            return new LinkRow(MaceVocabulary.LinkTypes.GetValueOrDefault(r.LinkType, r.LinkType), known ? name! : "A child not visible to you", href, r.ObservedOn,
                MaceVocabulary.Sources.GetValueOrDefault(r.Source, r.Source), r.Grading, r.RecordedBy, r.Notes);
        })];
    }
}

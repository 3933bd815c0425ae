using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Mace;

/// <summary>One link as a page shows it. A link to a child the user may not see has no <see cref="Id"/> (it cannot be
/// removed by them) and no <see cref="Notes"/> (they may hold text from the child's record: issue #16 §6).</summary>
public sealed record LinkRow(Guid? Id, string Type, string Other, string? OtherHref, NodaTime.LocalDate ObservedOn, string Source, string Grading, string RecordedBy, string? Notes);

/// <summary>One adult or location of concern: what is known, its links on the association map (add one in a click),
/// and the disruption actions that target it. Every view is audited.</summary>
public sealed class ConcernModel(BeaconDbContext db, MaceWork work, SubjectLinks links, RecordOpener opener) : PageModel
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

    [BindProperty]
    public Guid LinkId { get; set; }

    [BindProperty]
    public ConcernFields Details { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(kind, id, cancellationToken))
        {
            return NotFound();
        }

        Details = Adult is { } a
            ? new ConcernFields { Name = a.Name, Aliases = a.Aliases, Description = a.Description, Vehicles = a.Vehicles, PhoneNumbers = a.PhoneNumbers, Area = a.Area, Version = a.Version }
            : new ConcernFields { Name = Location!.Name, LocationKind = Location.Kind, Address = Location.Address, DistrictCode = Location.DistrictCode, Description = Location.Description, Version = Location.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        var d = Details;
        var errors = kind == "adults"
            ? await work.UpdateAdultAsync(id, new AdultInput(d.Name, d.Aliases, d.Description, d.Vehicles, d.PhoneNumbers, d.Area), d.Version, cancellationToken)
            : await work.UpdateLocationAsync(id, new LocationInput(d.Name, d.LocationKind, d.Address, d.DistrictCode, d.Description), d.Version, cancellationToken);
        return await this.AfterPostAsync([.. errors.Select(e => e.Field is "adult" or "location" ? e : e with { Field = "Details." + (e.Field == "Kind" ? "LocationKind" : e.Field) })],
            $"/mace/{kind}/{id}", () => LoadAsync(kind, id, cancellationToken), "adult", "location");
    }

    public async Task<IActionResult> OnPostRemoveLinkAsync(string kind, Guid id, CancellationToken cancellationToken) =>
        await work.RemoveAssociationAsync(LinkId, new Subject(kind == "adults" ? "adult" : "location", id), cancellationToken) ? Redirect($"/mace/{kind}/{id}#links") : NotFound();

    public async Task<IActionResult> OnPostLinkAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        var subject = new Subject(kind == "adults" ? "adult" : "location", id);
        if (!await work.ExistsAsync(subject, cancellationToken))
        {
            return NotFound();
        }

        return await this.AfterPostAsync(await work.AddAssociationAsync(Link.For(subject), cancellationToken), $"/mace/{kind}/{id}#links", () => LoadAsync(kind, id, cancellationToken), "From");
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
        if (kind == "adults")
        {
            await opener.AuditViewAsync<AdultOfConcern>(id, nameof(AdultOfConcern), found ? id.ToString() : null, cancellationToken);
        }
        else
        {
            await opener.AuditViewAsync<LocationOfConcern>(id, nameof(LocationOfConcern), found ? id.ToString() : null, cancellationToken);
        }
        if (!found)
        {
            return false;
        }

        Subject = new Subject(kind == "adults" ? "adult" : "location", id);
        Links = await links.ForAsync(Subject, cancellationToken);
        Actions = await db.DisruptionActions.AsNoTracking().Where(a => a.AdultId == id || a.LocationId == id).OrderByDescending(a => a.DueOn).ToListAsync(cancellationToken);
        Targets = [.. (await work.ConcernChoicesAsync(cancellationToken)).Where(t => t.Key != Subject.ToString())];
        Districts = [.. (await db.Areas.AsNoTracking().Where(a => a.Kind != "county").OrderBy(a => a.Name).Select(a => new { a.GssCode, a.Name }).ToListAsync(cancellationToken))
            .Select(a => new KeyValuePair<string, string>(a.GssCode, a.Name))];
        return true;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Districts { get; private set; } = [];
}

/// <summary>The posted fields of an adult's or location's details.</summary>
public sealed class ConcernFields
{
    public string? Name { get; set; }

    public string? Aliases { get; set; }

    public string? Description { get; set; }

    public string? Vehicles { get; set; }

    public string? PhoneNumbers { get; set; }

    public string? Area { get; set; }

    public string? LocationKind { get; set; }

    public string? Address { get; set; }

    public string? DistrictCode { get; set; }

    public int Version { get; set; }
}

/// <summary>The links of one subject, each with the subject at the other end named as the user may see it; a link to a
/// hidden child keeps only its kind, date, source and grading.</summary>
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
            return new LinkRow(known ? r.Id : null, MaceVocabulary.LinkTypes.GetValueOrDefault(r.LinkType, r.LinkType), known ? name! : "A child not visible to you", href, r.ObservedOn,
                MaceVocabulary.Sources.GetValueOrDefault(r.Source, r.Source), r.Grading, r.RecordedBy, known ? r.Notes : null);
        })];
    }
}

using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Mace;

public sealed record ConcernRow(Guid Id, string Reference, string Name, string? Detail, int Links);

/// <summary>Adults or locations of concern (issue #5 §2): the list (searchable by name, alias, vehicle, phone or
/// address) and a form to record a new one. Panel roles only; each list view is audited with the search used.</summary>
public sealed class ConcernsModel(BeaconDbContext db, MaceWork work, AuditLog audit) : PageModel
{
    public string Kind { get; private set; } = "adults";

    public bool Adults => Kind == "adults";

    public IReadOnlyList<ConcernRow> Rows { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Districts { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Aliases { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Vehicles { get; set; }

    [BindProperty]
    public string? PhoneNumbers { get; set; }

    [BindProperty]
    public string? Area { get; set; }

    [BindProperty]
    public string? LocationKind { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? DistrictCode { get; set; }

    public async Task OnGetAsync(string kind, CancellationToken cancellationToken) => await LoadAsync(kind, cancellationToken);

    public async Task<IActionResult> OnPostAsync(string kind, CancellationToken cancellationToken)
    {
        Kind = kind;
        var (id, errors) = Adults
            ? await Created(work.CreateAdultAsync(new AdultInput(Name, Aliases, Description, Vehicles, PhoneNumbers, Area), cancellationToken), a => a.Id)
            : await Created(work.CreateLocationAsync(new LocationInput(Name, LocationKind, Address, DistrictCode, Description), cancellationToken), l => l.Id);
        if (id is not null)
        {
            return Redirect($"/mace/{kind}/{id}");
        }

        errors.Select(e => e.Field == "Kind" ? e with { Field = "LocationKind" } : e).AddTo(ModelState);
        await LoadAsync(kind, cancellationToken);
        return Page();
    }

    private static async Task<(Guid? Id, IReadOnlyList<Infrastructure.Csv.FieldError> Errors)> Created<T>(Task<(T? Item, IReadOnlyList<Infrastructure.Csv.FieldError> Errors)> task, Func<T, Guid> id)
        where T : class
    {
        var (item, errors) = await task;
        return (item is null ? null : id(item), errors);
    }

    private async Task LoadAsync(string kind, CancellationToken cancellationToken)
    {
        Kind = kind;
        var search = Search?.Trim() is { Length: > 0 } s ? s.ToLowerInvariant() : null;
        if (Adults)
        {
            var query = db.AdultsOfConcern.AsNoTracking();
            if (search is not null)
            {
                query = query.Where(a => a.Name.ToLower().Contains(search) || (a.Aliases != null && a.Aliases.ToLower().Contains(search))
                    || (a.Vehicles != null && a.Vehicles.ToLower().Contains(search)) || (a.PhoneNumbers != null && a.PhoneNumbers.Contains(search)));
            }

            Rows = await query.OrderBy(a => a.Name).Take(200).Select(a => new ConcernRow(a.Id, a.Reference, a.Name, a.Aliases, 0)).ToListAsync(cancellationToken);
        }
        else
        {
            var query = db.LocationsOfConcern.AsNoTracking();
            if (search is not null)
            {
                query = query.Where(l => l.Name.ToLower().Contains(search) || (l.Address != null && l.Address.ToLower().Contains(search)));
            }

            Rows = await query.OrderBy(l => l.Name).Take(200).Select(l => new ConcernRow(l.Id, l.Reference, l.Name, l.Address, 0)).ToListAsync(cancellationToken);
            Districts = [.. (await db.Areas.AsNoTracking().Where(a => a.Kind != "county").OrderBy(a => a.Name).Select(a => new { a.GssCode, a.Name }).ToListAsync(cancellationToken))
                .Select(a => new KeyValuePair<string, string>(a.GssCode, a.Name))];
        }

        // Link counts by subject key, built here: a subject is written "kind:id" with the id as .NET formats it, which
        // SQL string concatenation would not reproduce on every database (SQLite keeps ids in upper case).
        var keyOf = Rows.ToDictionary(r => r.Id, r => new Subject(Adults ? "adult" : "location", r.Id).ToString());
        var keys = keyOf.Values.ToList();
        var ends = (await db.Associations.AsNoTracking().Where(a => keys.Contains(a.FromSubject) || keys.Contains(a.ToSubject))
            .Select(a => new[] { a.FromSubject, a.ToSubject }).ToListAsync(cancellationToken)).SelectMany(e => e.Distinct()).ToList();
        Rows = [.. Rows.Select(r => r with { Links = ends.Count(e => e == keyOf[r.Id]) })];

        await audit.RecordAsync("list", Adults ? nameof(AdultOfConcern) : nameof(LocationOfConcern), null, details: search is null ? $"{Rows.Count} shown" : $"search; {Rows.Count} found", cancellationToken: cancellationToken);
    }
}

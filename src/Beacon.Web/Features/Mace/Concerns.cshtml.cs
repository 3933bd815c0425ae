using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Mace;

/// <summary>Adults or locations of concern (issue #5 §2, issue #17 §2): a sortable, paged list (searchable by name,
/// alias, vehicle, phone or address) and a form to record a new one. Panel roles only; each list view is audited with
/// the search used and the records shown.</summary>
public sealed class ConcernsModel(BeaconDbContext db, MaceWork work, AuditLog audit) : PageModel
{
    public string Kind { get; private set; } = "adults";

    public bool Adults => Kind == "adults";

    public ListPage<ConcernItem> List { get; private set; } = ListPage<ConcernItem>.Empty;

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

    public async Task<IActionResult> OnGetAsync(string kind, CancellationToken cancellationToken)
    {
        if (ListRequest.From(HttpContext) is null)
        {
            return BadRequest();
        }

        await LoadAsync(kind, cancellationToken);
        return Page();
    }

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
        if (!Adults)
        {
            Districts = [.. (await db.Areas.AsNoTracking().Where(a => a.Kind != "county").OrderBy(a => a.Name).Select(a => new { a.GssCode, a.Name }).ToListAsync(cancellationToken))
                .Select(a => new KeyValuePair<string, string>(a.GssCode, a.Name))];
        }

        var search = Search?.Trim() is { Length: > 0 } s ? s.ToLowerInvariant() : null;
        List = await ConcernList.Sorts.PageAsync(ConcernList.Query(db, Adults, search), ListRequest.From(HttpContext) ?? new ListRequest(1, null, null), ConcernList.PageSize, cancellationToken);
        await audit.RecordAsync("list", Adults ? nameof(AdultOfConcern) : nameof(LocationOfConcern), null,
            details: $"{(search is null ? "all" : "search")}; {List.Total} found; sort: {List.Sort}; page: {List.PageNumber}; shown: {string.Join(",", List.Rows.Select(r => r.Id))}", cancellationToken: cancellationToken);
    }
}

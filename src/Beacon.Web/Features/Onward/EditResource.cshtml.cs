using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Onward;

/// <summary>Adding or changing a directory entry (issue #19 §3): the provider's staff only (others 403).</summary>
public sealed class EditResourceModel(OnwardDirectory directory) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public List<string> Districts { get; set; } = [];

    [BindProperty]
    public string? MinAge { get; set; }

    [BindProperty]
    public string? MaxAge { get; set; }

    [BindProperty]
    public string? Contact { get; set; }

    [BindProperty]
    public string? ReferralRoute { get; set; }

    public IReadOnlyDictionary<string, string> DistrictOptions { get; private set; } = new Dictionary<string, string>();

    public bool Adding { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (!OnwardDirectory.MayKeep(User))
        {
            return Forbid();
        }

        if (id is { } existing)
        {
            if (await directory.FindAsync(existing, cancellationToken) is not { } r)
            {
                return NotFound();
            }

            (Name, Kind, Districts, MinAge, MaxAge, Contact, ReferralRoute) = (r.Name, r.Kind, [.. r.Districts], r.MinAge?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.MaxAge?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Contact, r.ReferralRoute);
        }

        await LoadAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (!OnwardDirectory.MayKeep(User))
        {
            return Forbid();
        }

        var (errors, _) = await directory.SaveAsync(id, new ResourceInput(Name, Kind, Districts, MinAge, MaxAge, Contact, ReferralRoute), cancellationToken);
        return await this.AfterPostAsync(errors, "/resources", () => LoadAsync(id, cancellationToken), "resource");
    }

    private async Task<bool> LoadAsync(Guid? id, CancellationToken cancellationToken)
    {
        Adding = id is null;
        DistrictOptions = (await directory.DistrictsAsync(cancellationToken)).ToDictionary(d => d.Key, d => d.Value);
        return true;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Onward;

/// <summary>The directory of community resources and services (issue #19 §3), filtered by kind and district served.
/// Every signed-in user reads it; the provider's staff add and change entries.</summary>
public sealed class ResourcesModel(OnwardDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? District { get; set; }

    public IReadOnlyList<KeyValuePair<string, string>> Districts { get; private set; } = [];

    public IReadOnlyList<ResourceView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Districts = await directory.DistrictsAsync(cancellationToken);
        Kind = Kind is not null && Beacon.Domain.Vocabulary.Codes.ResourceKind.ContainsKey(Kind) ? Kind : null;
        District = Districts.Any(d => d.Key == District) ? District : null;
        Items = await directory.ListAsync(Kind, District, cancellationToken);
    }
}

using Beacon.Web.Infrastructure.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Children;

/// <summary>The children the user may see: searched, sortable and paged (issue #17 §2); <c>?rhi=open</c> only those with an
/// open return interview (a council's home page links here).</summary>
public sealed class ChildrenIndexModel(ChildRecords records, Beacon.Web.Infrastructure.Security.CurrentActor actor) : PageModel
{
    public const int Size = 25;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Rhi { get; set; }

    public ListPage<ChildSummary> List { get; private set; } = ListPage<ChildSummary>.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (actor.Scope.Kind == Beacon.Domain.Access.ScopeKind.MatchedChildren)
        {
            // A mentor sees only what mentoring needs, not dates of birth, districts or care status (docs/decisions/0022).
            return Redirect("/mentees");
        }

        if (ListRequest.From(HttpContext) is not { } list)
        {
            return BadRequest();
        }

        List = await records.ListAsync(Q, Rhi, list, Size, cancellationToken);
        return Page();
    }
}

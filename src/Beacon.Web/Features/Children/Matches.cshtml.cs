using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Children;

/// <summary>Possible duplicates for provider caseworkers to merge, reject or separate again.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class MatchesModel(ChildMerging merging) : PageModel
{
    public IReadOnlyList<MatchRow> Open { get; private set; } = [];

    public IReadOnlyList<MatchRow> Decided { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Open = await merging.ListAsync(open: true, cancellationToken);
        Decided = await merging.ListAsync(open: false, cancellationToken);
    }

    public Task<IActionResult> OnPostMergeAsync(Guid id, CancellationToken ct) => After(merging.MergeAsync(id, ct), ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct) => After(merging.RejectAsync(id, ct), ct);

    public Task<IActionResult> OnPostUnmergeAsync(Guid id, CancellationToken ct) => After(merging.UnmergeAsync(id, ct), ct);

    private async Task<IActionResult> After(Task<string?> action, CancellationToken cancellationToken)
    {
        if (await action is { } problem)
        {
            ModelState.AddModelError(string.Empty, problem);
            await OnGetAsync(cancellationToken);
            return Page();
        }

        return RedirectToPage();
    }
}

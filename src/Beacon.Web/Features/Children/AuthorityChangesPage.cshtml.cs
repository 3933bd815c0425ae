using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Children;

/// <summary>Changes of a child's responsible or host authority that a notification reported and that would take the
/// child out of a council's view: provider caseworkers confirm or reject them (issue #16 §1).</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class AuthorityChangesModel(AuthorityChanges changes) : PageModel
{
    public IReadOnlyList<AuthorityChangeRow> Open { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Open = await changes.ListOpenAsync(cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken ct) => After(changes.ConfirmAsync(id, ct), ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct) => After(changes.RejectAsync(id, ct), ct);

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

using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary>One onward referral (issue #19 §3): its resource, its dated status history and the wait to start; the
/// provider's caseworkers record the next status. For anyone who may see the child (audited); otherwise 404.</summary>
public sealed class OnwardReferralDetailsModel(OnwardReferrals referrals, IClock clock) : PageModel
{
    public OnwardReferralView? Item { get; private set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public string? On { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        On = ChildAge.DateOf(clock.GetCurrentInstant()).ToString("d/M/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!Policies.IsProviderCaseworker(User))
        {
            return Forbid();
        }

        var errors = await referrals.ChangeStatusAsync(id, Status, On, Note, Version, cancellationToken);
        return await this.AfterPostAsync(errors, $"/onward-referrals/{id}", () => LoadAsync(id, cancellationToken), "referral");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = await referrals.OpenAsync(id, cancellationToken);
        Version = Item?.Version;
        return Item is not null;
    }
}

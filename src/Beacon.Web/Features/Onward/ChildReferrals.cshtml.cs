using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary>A child's onward referrals (issue #19 §3) with each one's status and wait, for anyone who may see the child
/// (audited); the provider's caseworkers refer the child on from here, from a key-work plan (<c>?from=KEY_WORK&amp;source=</c>
/// the exploitation referral) or from the family page (<c>?from=FAMILY</c>). A hidden child is 404.</summary>
public sealed class ChildReferralsModel(BeaconDbContext db, OnwardReferrals referrals, OnwardDirectory directory, IClock clock) : PageModel
{
    public Child? Item { get; private set; }

    public IReadOnlyList<OnwardReferralView> Referrals { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Resources { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Source { get; set; }

    [BindProperty]
    public string? ResourceId { get; set; }

    [BindProperty]
    public string? MadeOn { get; set; }

    [BindProperty]
    public string? Notes { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        MadeOn = ChildAge.DateOf(clock.GetCurrentInstant()).ToString("d/M/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!Policies.IsProviderCaseworker(User))
        {
            return Forbid();
        }

        var from = From is "KEY_WORK" or "FAMILY" ? From : "FAMILY";
        var (errors, _) = await referrals.MakeAsync(id, ResourceId, from, from == "FAMILY" ? null : Source, MadeOn, Notes, cancellationToken);
        return await this.AfterPostAsync(errors, $"/children/{id}/onward-referrals", () => LoadAsync(id, cancellationToken), "child");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await referrals.ForChildAsync(id, "onward-referrals-page", cancellationToken) is not { } list)
        {
            return false;
        }

        Referrals = list;
        Item = await db.Children.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
        Resources = [.. (await directory.ListAsync(null, Item.HostDistrictCode, cancellationToken)).Select(r => KeyValuePair.Create(r.Id.ToString(), $"{r.Name} ({r.KindLabel}, {r.Ages})"))];
        return true;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.SpotPurchase;

/// <summary>A council user requests (buys) an RHI for their own child placed outside the area.</summary>
[Authorize(Policy = Policies.CouncilExports)]
public sealed class SpotPurchaseModel(SpotPurchases purchases) : PageModel
{
    public SpotPurchaseRequest Input { get; private set; } = new(null, null, null, null, null, null, null, null, null);

    public bool Requested { get; private set; }

    public void OnGet(bool requested) => Requested = requested;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var f = Request.Form;
        Input = new SpotPurchaseRequest(f["GivenName"], f["FamilyName"], f["DateOfBirth"], f["Gender"], f["NhsNumber"], f["CouncilChildId"], f["PlacedIn"], f["ReturnedAt"], f["Notes"]);
        var (id, errors) = await purchases.RequestAsync(Input, cancellationToken);
        if (id is not null)
        {
            return Redirect("/spot-purchase?requested=true");
        }

        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        return Page();
    }
}

using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Contract;

/// <summary>A provider caseworker requests a hardship payment for a child they may see (issue #18 §4).</summary>
[Authorize]
public sealed class HardshipRequestModel(HardshipFund fund) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ChildId { get; set; }

    public HardshipInput Input { get; private set; } = new(Guid.Empty, "child", null, null, null);

    public IActionResult OnGet() => fund.MayRequest ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var f = Request.Form;
        Input = new HardshipInput(ChildId, f["Recipient"], f["Amount"], f["Purpose"], f["PaidOn"]);
        var (id, errors) = await fund.RequestAsync(Input, cancellationToken);
        if (id is not null)
        {
            return Redirect($"/children/{ChildId}");
        }

        errors.AddTo(ModelState);
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.SingleSignOn;

/// <summary>
/// Where the identity provider's callback lands. The session cookie is SameSite=Strict, so a browser does not send it
/// on the redirects that began at the provider's site; this page (which needs no session) moves on from Beacon's own
/// page, and the next request carries the cookie.
/// </summary>
[AllowAnonymous]
public sealed class SignedInModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Next => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";

    public void OnGet()
    {
    }
}

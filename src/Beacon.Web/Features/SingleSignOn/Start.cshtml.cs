using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.SingleSignOn;

/// <summary>"Sign in with (organisation)": sends the person to their organisation's identity provider. A link, not a form:
/// the Content-Security-Policy's <c>form-action 'self'</c> would stop a form's redirect to the provider.</summary>
[AllowAnonymous]
public sealed class StartModel(IOptions<SsoOptions> sso) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet(string organisation)
    {
        if (sso.Value.For(organisation) is null)
        {
            return NotFound();
        }

        var returnUrl = !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        var properties = new AuthenticationProperties { RedirectUri = "/account/sso/signed-in?ReturnUrl=" + Uri.EscapeDataString(returnUrl) };
        return Challenge(properties, SsoOptions.SchemeFor(organisation));
    }
}

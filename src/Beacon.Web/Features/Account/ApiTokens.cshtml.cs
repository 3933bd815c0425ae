using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Account;

/// <summary>A person's API tokens. Creating one needs their password (or a fresh two-factor code) in the same request,
/// so a stolen session cannot mint a long-lived credential (docs/decisions/0005).</summary>
public sealed class ApiTokensModel(BeaconDbContext db, ApiTokenService tokens, UserManager<BeaconUser> users, AccountSecurity security, AuditLog audit, IClock clock) : PageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public string? NewToken { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public int? Days { get; set; } = 90;

    [BindProperty]
    public string? CurrentPassword { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            ModelState.AddModelError(nameof(Name), "Enter a name for the token, up to 100 characters");
        }

        if (Days is not (>= 1 and <= 365))
        {
            ModelState.Remove(nameof(Days));
            ModelState.AddModelError(nameof(Days), "Enter a number of days from 1 to 365");
        }

        var user = (await users.GetUserAsync(User))!;
        if (!await security.ConfirmsAsync(user, CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), "Enter your current password, or the code your authenticator app shows now");
            await audit.RecordAsync("api-token-create", "User", user.Id.ToString(), "denied", "password or code not confirmed");
        }

        CurrentPassword = null;
        if (ModelState.IsValid)
        {
            var userId = user.Id;
            var (token, secret) = await tokens.IssueAsync(userId, Name!.Trim(), Duration.FromDays(Days!.Value));
            await audit.RecordAsync("api-token-create", "User", userId.ToString(), details: $"token: {token.Prefix}");
            NewToken = secret;
            Name = null;
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var userId = Guid.Parse(users.GetUserId(User)!);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId);
        if (token is null)
        {
            return NotFound();
        }

        token.RevokedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync();
        await audit.RecordAsync("api-token-revoke", "User", userId.ToString(), details: $"token: {token.Prefix}");
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var userId = Guid.Parse(users.GetUserId(User)!);
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync();
    }
}

using System.Text;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Missing;

/// <summary>Upload a notifications CSV; shows the per-row report and offers the rejected rows to download.</summary>
public sealed class ImportNotificationsModel(NotificationImport import, BeaconDbContext db, AuditLog audit, IDataProtectionProvider protection) : PageModel
{
    public ImportReport? Report { get; private set; }

    public string? RunId { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("File", "Select a CSV file to import");
            return Page();
        }

        await using var input = file.OpenReadStream();
        var rejected = new StringWriter();
        Report = await import.ImportAsync(input, rejected, await NotificationsApi.NotifyingForceAsync(User, db, cancellationToken), cancellationToken: cancellationToken);
        if (Report.FileProblem is not null)
        {
            ModelState.AddModelError("File", $"Nothing was imported. {Report.FileProblem}");
            Report = null;
            return Page();
        }

        await audit.RecordAsync("import", "Notifications", null, details: $"rows: {Report.Rows}, new: {Report.Created}, rejected: {Report.Rejected}", cancellationToken: cancellationToken);
        if (Report.Rejected > 0)
        {
            // The rejected rows go back to this user only: encrypted for them, valid for an hour, posted in a form body
            // (never in a URL), and not stored on the server.
            RunId = Protector().Protect(rejected.ToString(), TimeSpan.FromHours(1));
        }

        return Page();
    }

    public IActionResult OnPostRejected(string run)
    {
        try
        {
            var csv = Protector().Unprotect(run);
            return File(Encoding.UTF8.GetBytes(csv), "text/csv", "rejected-notifications.csv");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return NotFound();
        }
    }

    private ITimeLimitedDataProtector Protector() => protection.CreateProtector("Beacon.RejectedRows", User.Identity!.Name!).ToTimeLimitedDataProtector();
}

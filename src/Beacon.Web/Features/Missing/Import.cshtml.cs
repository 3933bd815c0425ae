using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Missing;

/// <summary>Upload a notifications CSV. The file is stored with the run and imported in the background (by this
/// instance, or another if this one stops), and the run's page shows the report.</summary>
public sealed class ImportNotificationsModel(BeaconDbContext db, AuditLog audit, CurrentActor actor, ImportRunner runner, IClock clock) : PageModel
{
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

        using var content = new MemoryStream();
        await file.CopyToAsync(content, cancellationToken);
        var run = new ImportRun
        {
            Id = Guid.NewGuid(),
            UploadedById = actor.UserId!.Value,
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 and <= 200 } name ? name : "upload.csv",
            Content = content.ToArray(),
            NotifyingPoliceForceId = await NotificationsApi.NotifyingForceAsync(User, db, cancellationToken),
            Status = ImportRun.Queued,
            CreatedAt = clock.GetCurrentInstant(),
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("import-upload", "Notifications", run.Id.ToString(), details: $"bytes: {run.Content.Length}", cancellationToken: cancellationToken);
        runner.Start(run.Id);
        return Redirect($"/notifications/import/{run.Id}");
    }
}

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
    public IReadOnlyDictionary<string, string> Forces { get; private set; } = new Dictionary<string, string>();

    public string? Force { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Forces = await NotifyingForceChoice.OptionsAsync(User, db, cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        Force = Request.Form[NotifyingForceChoice.Field];
        var (force, forceError) = await NotifyingForceChoice.ResolveAsync(User, db, Force, cancellationToken);
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("File", "Select a CSV file to import");
        }

        if (forceError is not null)
        {
            ModelState.AddModelError(NotifyingForceChoice.Field, forceError);
        }

        if (!ModelState.IsValid || file is null)
        {
            await OnGetAsync(cancellationToken);
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
            NotifyingPoliceForceId = force,
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

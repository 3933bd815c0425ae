using System.Text.Json;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.CouncilChildIds;

/// <summary>A council's caseworkers upload their list of child ids for their own council's children (issue #17 §5). The
/// file is small (one row per looked-after child), so it is imported at once and recorded as an import run of the
/// uploader's, whose page shows the report.</summary>
[Authorize(Policy = Policies.CouncilExports)]
[RequestSizeLimit(MaxBytes + (64 * 1024))]
public sealed class UploadCouncilChildIdsModel(BeaconDbContext db, CouncilChildIdImport import, AuditLog audit, CurrentActor actor, IDataProtectionProvider protection, IClock clock) : PageModel
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public string AuthorityName { get; private set; } = string.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        AuthorityName = await db.Organisations.AsNoTracking().Where(o => o.Id == actor.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("File", "Select a CSV file of your council's child ids");
        }
        else if (file.Length > MaxBytes)
        {
            ModelState.AddModelError("File", "The file must be smaller than 5 MB");
        }

        if (!ModelState.IsValid || file is null)
        {
            await OnGetAsync(cancellationToken);
            return Page();
        }

        var started = clock.GetCurrentInstant();
        var rejected = new StringWriter();
        Infrastructure.Csv.ImportReport report;
        await using (var content = file.OpenReadStream())
        {
            report = await import.ImportAsync(content, rejected, actor.OrganisationId!.Value, "import (upload)", null, cancellationToken);
        }

        var run = new ImportRun
        {
            Id = Guid.NewGuid(),
            Kind = CouncilChildIdImport.Kind,
            UploadedById = actor.UserId!.Value,
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 and <= 200 } name ? name : "upload.csv",
            Status = ImportRun.Done,
            Attempts = 1,
            Rows = report.Rows,
            Created = report.Created,
            Updated = report.Updated,
            Unchanged = report.Unchanged,
            Rejected = report.Rejected,
            FileProblem = report.FileProblem,
            Problems = JsonSerializer.Serialize(report.Problems.Take(200)),
            RejectedRows = report.Rejected > 0 ? protection.CreateProtector(ImportRunner.RejectedRowsPurpose, actor.UserId!.Value.ToString()).Protect(rejected.ToString()) : null,
            CreatedAt = started,
            StartedAt = started,
            FinishedAt = clock.GetCurrentInstant(),
        };
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("import", "CouncilChildIds", run.Id.ToString(),
            details: $"rows: {report.Rows}, recorded: {report.Created}, changed: {report.Updated}, unchanged: {report.Unchanged}, rejected: {report.Rejected}{(report.FileProblem is null ? "" : "; file refused")}", cancellationToken: cancellationToken);
        if (report.FileProblem is not null)
        {
            // Nothing was imported: say why beside the file, as any form does.
            ModelState.AddModelError("File", $"Nothing was imported. {report.FileProblem}");
            await OnGetAsync(cancellationToken);
            return Page();
        }

        return Redirect($"/council-child-ids/{run.Id}");
    }
}

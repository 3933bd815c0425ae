using System.Text;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Missing;

/// <summary>One import run: waiting, importing, or its report and rejected rows. Only the uploader sees it (the
/// database filter on import runs).</summary>
public sealed class ImportRunModel(BeaconDbContext db, IDataProtectionProvider protection) : PageModel
{
    public ImportRun Run { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var run = await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return NotFound();
        }

        Run = run;
        return Page();
    }

    public async Task<IActionResult> OnPostRejectedAsync(Guid id, CancellationToken cancellationToken)
    {
        var run = await db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run?.RejectedRows is null)
        {
            return NotFound();
        }

        var csv = protection.CreateProtector(ImportRunner.RejectedRowsPurpose, run.UploadedById.ToString()).Unprotect(run.RejectedRows);
        return File(Encoding.UTF8.GetBytes(csv), "text/csv", "rejected-notifications.csv");
    }
}

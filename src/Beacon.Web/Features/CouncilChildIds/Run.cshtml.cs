using System.Text;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.CouncilChildIds;

/// <summary>What an upload of council child ids did, row by row. Only the uploader sees it (the database filter on
/// import runs); the rejected rows can be downloaded, fixed and uploaded again for 30 days.</summary>
[Authorize(Policy = Policies.CouncilExports)]
public sealed class CouncilChildIdRunModel(BeaconDbContext db, IDataProtectionProvider protection) : PageModel
{
    public ImportRun Run { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var run = await FindAsync(id, cancellationToken);
        if (run is null)
        {
            return NotFound();
        }

        Run = run;
        return Page();
    }

    public async Task<IActionResult> OnPostRejectedAsync(Guid id, CancellationToken cancellationToken)
    {
        var run = await FindAsync(id, cancellationToken);
        if (run?.RejectedRows is null)
        {
            return NotFound();
        }

        var csv = protection.CreateProtector(ImportRunner.RejectedRowsPurpose, run.UploadedById.ToString()).Unprotect(run.RejectedRows);
        return File(Encoding.UTF8.GetBytes(csv), "text/csv", "rejected-council-child-ids.csv");
    }

    private Task<ImportRun?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.ImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.Kind == CouncilChildIdImport.Kind, cancellationToken);
}

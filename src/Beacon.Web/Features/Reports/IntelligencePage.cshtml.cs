using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Reports;

/// <summary>Collective intelligence for the provider's and councils' caseworkers and managers, each over the children
/// they may see (access-scoped through the record filter).</summary>
[Authorize(Policy = Policies.Intelligence)]
public sealed class IntelligencePageModel(Intelligence intelligence, BeaconDbContext db, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Locality { get; set; }

    public IReadOnlyList<string> Localities { get; private set; } = [];

    public IntelligenceView? View { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Year = FinancialYear.RequestedOrCurrent(Year, clock.GetCurrentInstant());
        Localities = await db.Areas.Where(a => a.Locality != null).Select(a => a.Locality!).Distinct().OrderBy(l => l).ToListAsync(cancellationToken);
        View = await intelligence.BuildAsync(Year, Locality, cancellationToken);
        await audit.RecordAsync("view", "Intelligence", $"{Year}/{Locality}", details: $"interviews: {View.Interviews}", cancellationToken: cancellationToken);
    }
}

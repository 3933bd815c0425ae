using Beacon.Domain.Reporting;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Contract;

/// <summary>The hardship fund (issue #18 §4): its figures for commissioners and managers; payments awaiting approval for the
/// provider's managers (named children, under the access rule).</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class HardshipPageModel(HardshipFund fund, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public HardshipReport? Report { get; private set; }

    public IReadOnlyList<PendingPayment> Pending { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken)
    {
        Problem = await fund.ApproveAsync(id, cancellationToken);
        if (Problem is null)
        {
            return Redirect($"/contract/hardship?year={Year}");
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Year = FinancialYear.RequestedOrCurrent(Year, clock.GetCurrentInstant());
        Report = await fund.ReportAsync(Year, cancellationToken);
        await audit.RecordAsync("view", "HardshipFund", Year.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        if (fund.MayApproveAny)
        {
            Pending = await fund.PendingAsync(cancellationToken);
        }
    }
}

using System.Text;
using Beacon.Domain.Reporting;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>The mentoring report (issue #20 §7) as a page and a CSV download: figures only, for analysts
/// (commissioners) and managers.</summary>
[Authorize(Policy = Policies.MentoringReportReader)]
public sealed class MentoringReportPageModel(MentoringReport report, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public IReadOnlyList<MentoringReportRow> Rows { get; private set; } = [];

    public MentoringReportBreakdown Breakdown { get; private set; } = new([], []);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await RowsAsync(cancellationToken);
        Breakdown = await report.BreakdownAsync(Year, cancellationToken);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        await RowsAsync(cancellationToken);
        await audit.RecordAsync("export", nameof(MentoringReport), Year.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return File(Encoding.UTF8.GetBytes(MentoringReport.ToCsv(Rows)), "text/csv", $"mentoring-{Year}.csv");
    }

    private async Task RowsAsync(CancellationToken cancellationToken)
    {
        Year = FinancialYear.RequestedOrCurrent(Year, clock.GetCurrentInstant());
        Rows = await report.BuildAsync(Year, cancellationToken);
    }
}

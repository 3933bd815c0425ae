using System.Text;
using Beacon.Web.Features.Reports;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary>The onward referrals report as a page, with CSV and Excel downloads (issue #19 §3), for report readers.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class OnwardReportPageModel(OnwardReport report, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public OnwardReportResult? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Year = ReportRequest.Normalise(Year, null, clock.GetCurrentInstant()).Year;
        Result = await report.BuildAsync(Year, cancellationToken);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        File(Encoding.UTF8.GetBytes(OnwardReport.ToCsv(await ExportAsync(cancellationToken))), "text/csv", $"onward-referrals-{Year}.csv");

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken) =>
        File(OnwardReport.ToXlsx(await ExportAsync(cancellationToken)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"onward-referrals-{Year}.xlsx");

    private async Task<OnwardReportResult> ExportAsync(CancellationToken cancellationToken)
    {
        Year = ReportRequest.Normalise(Year, null, clock.GetCurrentInstant()).Year;
        var result = await report.BuildAsync(Year, cancellationToken);
        await audit.RecordAsync("export", "OnwardReferralReport", Year.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return result;
    }
}

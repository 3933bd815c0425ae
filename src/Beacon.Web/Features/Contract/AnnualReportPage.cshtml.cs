using System.Globalization;
using System.Text;
using Beacon.Domain.Reporting;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Contract;

/// <summary>The annual contract report (issue #18 §6) for commissioners and managers: a page that prints on A4 (a section
/// a page), a workbook (a sheet a section and the definitions) and JSON. Small numbers are suppressed only when asked.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class AnnualReportPageModel(AnnualContractReport builder, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Suppress { get; set; }

    /// <summary>The print view: the report alone, without the choices above it.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Print { get; set; }

    public AnnualReport Report { get; private set; } = null!;

    public string Query => $"year={Year}{(Suppress ? "&suppress=true" : string.Empty)}";

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync("view", cancellationToken);

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        await LoadAsync("export", cancellationToken);
        return File(AnnualContractReport.ToXlsx(Report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"annual-contract-report-{Year}{(Suppress ? "-suppressed" : string.Empty)}.xlsx");
    }

    public async Task<IActionResult> OnGetJsonAsync(CancellationToken cancellationToken)
    {
        await LoadAsync("export", cancellationToken);
        return File(Encoding.UTF8.GetBytes(AnnualContractReport.ToJson(Report)), "application/json", $"annual-contract-report-{Year}.json");
    }

    private async Task LoadAsync(string action, CancellationToken cancellationToken)
    {
        Year = FinancialYear.RequestedOrCurrent(Year, clock.GetCurrentInstant());
        Report = await builder.BuildAsync(Year, Suppress, cancellationToken);
        await audit.RecordAsync(action, "AnnualContractReport", $"{Year.ToString(CultureInfo.InvariantCulture)}{(Suppress ? "/suppressed" : string.Empty)}", cancellationToken: cancellationToken);
    }
}

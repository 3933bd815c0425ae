using System.Text;
using Beacon.Web.Features.Reports;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Outcomes;

/// <summary>The outcomes report as a page, with CSV and Excel downloads (issue #19 §1), for report readers.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class ReportPageModel(OutcomeReport report, OutcomeFrameworks frameworks, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public OutcomeReportResult? Result { get; private set; }

    /// <summary>Life-area names by code, from every published framework version (the newest wording wins), so the page
    /// shows "Being safe", never <c>BEING_SAFE</c>.</summary>
    public IReadOnlyDictionary<string, string> AreaNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Year = ReportRequest.Normalise(Year, null, clock.GetCurrentInstant()).Year;
        Result = await report.BuildAsync(Year, cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var framework in (await frameworks.AllAsync(cancellationToken)).OrderBy(f => f.Key).Select(f => f.Value))
        {
            foreach (var area in framework.Areas)
            {
                names[area.Code] = area.Name;
            }
        }
        AreaNames = names;
    }

    /// <summary>The kind of area after its name: " (district)", " (locality)", nothing for the whole area.</summary>
    public static string KindSuffix(string areaKind) => areaKind == "whole" ? "" : $" ({areaKind})";

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        File(Encoding.UTF8.GetBytes(OutcomeReport.ToCsv(await ExportAsync(cancellationToken))), "text/csv", $"outcomes-{Year}.csv");

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken) =>
        File(OutcomeReport.ToXlsx(await ExportAsync(cancellationToken)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"outcomes-{Year}.xlsx");

    private async Task<OutcomeReportResult> ExportAsync(CancellationToken cancellationToken)
    {
        Year = ReportRequest.Normalise(Year, null, clock.GetCurrentInstant()).Year;
        var result = await report.BuildAsync(Year, cancellationToken);
        await audit.RecordAsync("export", "OutcomeReport", Year.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return result;
    }
}

using System.Text;
using Beacon.Domain.Reporting;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Reports;

/// <summary>The missing return as a page and a CSV download, for analysts, commissioners and managers.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class MissingReturnPageModel(MissingReturn report, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Period { get; set; } = "quarterly";

    /// <summary>The columns of the area tables; every other column is in the whole area's breakdown.</summary>
    public static readonly string[] AreaColumns =
    [
        "notifications", "rhi_offered", "not_offered", "awaiting_decision", "total_rhi", "individuals_received_rhi", "offered_within_72h_percent",
        "offered_within_72h_own_return_percent", "notifications_previous_period", "notifications_same_period_last_year", "children_meeting_3",
        "children_at_or_above_3", "average_episodes_per_child",
    ];

    public static readonly IReadOnlyList<ReturnColumn> BreakdownColumns = [.. MissingReturn.Columns.Skip(3).Where(c => !AreaColumns.Contains(c.Name))];

    public IReadOnlyList<ReturnRow> Rows { get; private set; } = [];

    public static string Label(string column) => MissingReturn.Columns[MissingReturn.IndexOf(column)].Label;

    /// <summary>Whether every figure of a row in these columns is zero or blank: such rows are folded away behind a
    /// "show" disclosure on the page (issue #17 §6). They add nothing to any total, so the totals shown stay whole.</summary>
    public static bool AllZero(ReturnRow row, IEnumerable<string> columns) => columns.All(c => IsZero(row[c]));

    public static bool IsZero(object? value) => value switch
    {
        null => true,
        int i => i == 0,
        long l => l == 0,
        decimal m => m == 0,
        double d => d == 0,
        string s => s.Length == 0,
        _ => false,
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Normalise();
        Rows = await report.BuildAsync(Year, Period, cancellationToken);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        Normalise();
        var rows = await report.BuildAsync(Year, Period, cancellationToken);
        await audit.RecordAsync("export", "MissingReturn", $"{Year}/{Period}", cancellationToken: cancellationToken);
        return File(Encoding.UTF8.GetBytes(MissingReturn.ToCsv(rows, Period)), "text/csv", $"missing-{Period}-{Year}.csv");
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        Normalise();
        var rows = await report.BuildAsync(Year, Period, cancellationToken);
        await audit.RecordAsync("export", "MissingReturn", $"{Year}/{Period}/xlsx", cancellationToken: cancellationToken);
        return File(MissingReturn.ToXlsx(rows, Period), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"missing-{Period}-{Year}.xlsx");
    }

    private void Normalise() => (Year, Period) = ReportRequest.Normalise(Year, Period, clock.GetCurrentInstant());
}

using System.Text;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Reports;

/// <summary>The missing return by cohort and corporate parent (issue #18 §1), as a page and CSV/XLSX downloads. Counts only.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class MissingByCohortPageModel(MissingReturnByCohort report, BeaconDbContext db, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Period { get; set; } = "quarterly";

    /// <summary>district, locality or total.</summary>
    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "total";

    public IReadOnlyList<CohortRow> Rows { get; private set; } = [];

    public IReadOnlyDictionary<int, string> Councils { get; private set; } = new Dictionary<int, string>();

    public static string CohortLabel(string cohort) => cohort switch
    {
        "HOME" => "At home",
        "LA_CARE" => "In the care of a council of the partnership",
        "PLACED_BY_OTHER_LA" => "Placed here by another council",
        _ => cohort,
    };

    public string ParentLabel(int? dfe) => dfe is { } n ? $"{Councils.GetValueOrDefault(n, "Council")} ({n})" : "–";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Normalise();
        Rows = [.. (await report.BuildAsync(Year, Period, cancellationToken)).Where(r => r.AreaKind == Kind)];
        Councils = await CouncilNamesAsync(db, cancellationToken);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        Normalise();
        var rows = await report.BuildAsync(Year, Period, cancellationToken);
        await audit.RecordAsync("export", "MissingReturnByCohort", $"{Year}/{Period}", cancellationToken: cancellationToken);
        return File(Encoding.UTF8.GetBytes(MissingReturnByCohort.ToCsv(rows, Period)), "text/csv", $"missing-by-cohort-{Period}-{Year}.csv");
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        Normalise();
        var rows = await report.BuildAsync(Year, Period, cancellationToken);
        await audit.RecordAsync("export", "MissingReturnByCohort", $"{Year}/{Period}/xlsx", cancellationToken: cancellationToken);
        return File(MissingReturnByCohort.ToXlsx(rows, Period), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"missing-by-cohort-{Period}-{Year}.xlsx");
    }

    /// <summary>Council names by DfE number, for the corporate parent column.</summary>
    public static async Task<IReadOnlyDictionary<int, string>> CouncilNamesAsync(BeaconDbContext db, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().Where(o => o.DfeLaNumber != null).ToDictionaryAsync(o => o.DfeLaNumber!.Value, o => o.Name, cancellationToken);

    private void Normalise()
    {
        (Year, Period) = ReportRequest.Normalise(Year, Period, clock.GetCurrentInstant());
        Kind = Kind is "district" or "locality" ? Kind : "total";
    }
}

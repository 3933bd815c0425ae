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

/// <summary>The print-ready committee pack: one page per locality and one for the whole area, each with a chart (SVG,
/// drawn by the chart library) and its table, then sources and definitions.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class CommitteePackModel(MissingReturn report, MissingReturnByCohort byCohort, BeaconDbContext db, AuditLog audit, IClock clock) : PageModel
{
    /// <summary>The columns of each locality's table (all are defined at the end of the pack).</summary>
    public static readonly string[] Columns =
    [
        "notifications", "rhi_offered", "not_offered", "awaiting_decision", "individuals_received_rhi", "total_rhi", "notifications_own_children",
        "notifications_other_authorities", "offered_within_72h_percent", "notifications_same_period_last_year",
    ];

    private List<Area> areas = [];

    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public IReadOnlyList<ReturnRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> Localities { get; private set; } = [];

    public string Produced { get; private set; } = string.Empty;

    /// <summary>The whole area's quarters split by cohort and corporate parent (issue #18 §1): a page per corporate parent.</summary>
    public IReadOnlyList<CohortRow> CohortRows { get; private set; } = [];

    public IReadOnlyDictionary<int, string> Councils { get; private set; } = new Dictionary<int, string>();

    public IReadOnlyList<string> DistrictsOf(string locality) => [.. areas.Where(a => a.Locality == locality && a.Kind != "county").Select(a => a.Name).Order()];

    /// <summary>A bar chart of notifications and completed interviews by quarter (<see cref="ReturnChart"/>); its figures
    /// are in the locality's table below it.</summary>
    public Microsoft.AspNetCore.Html.HtmlString Chart(string locality, IReadOnlyList<ReturnRow> rows) => ReturnChart.Bars($"chart-{Slug(locality)}", locality, rows, $"table-{Slug(locality)}");

    public string Slug(string name) => ReturnChart.Slug(name);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        Year = FinancialYear.RequestedOrCurrent(Year, now);
        Produced = now.InZone(ChildAge.London).ToString("d MMMM yyyy HH:mm", null);
        areas = await db.Areas.AsNoTracking().ToListAsync(cancellationToken);
        Rows = await report.BuildAsync(Year, "quarterly", cancellationToken);
        CohortRows = [.. (await byCohort.BuildAsync(Year, "quarterly", cancellationToken)).Where(r => r.AreaKind == "total")];
        Councils = await MissingByCohortPageModel.CouncilNamesAsync(db, cancellationToken);
        Localities = [.. areas.Where(a => a.Locality != null).Select(a => a.Locality!).Distinct().Order(), "All areas"];
        await audit.RecordAsync("export", "CommitteePack", Year.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
    }
}

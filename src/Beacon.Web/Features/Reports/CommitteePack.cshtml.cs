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
/// no script) and its table, then sources and definitions.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class CommitteePackModel(MissingReturn report, BeaconDbContext db, AuditLog audit, IClock clock) : PageModel
{
    private List<Area> areas = [];

    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public IReadOnlyList<ReturnRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> Localities { get; private set; } = [];

    public string Produced { get; private set; } = string.Empty;

    public IReadOnlyList<string> DistrictsOf(string locality) => [.. areas.Where(a => a.Locality == locality && a.Kind != "county").Select(a => a.Name).Order()];

    /// <summary>A bar chart of notifications and completed interviews by quarter, as SVG (numbers only; the title is encoded).</summary>
    public Microsoft.AspNetCore.Html.HtmlString Chart(string locality, IReadOnlyList<ReturnRow> rows)
    {
        var id = $"chart-{Slug(locality)}";
        var max = Math.Max(1, rows.Count == 0 ? 0 : rows.Max(r => r.Notifications));
        var svg = new System.Text.StringBuilder($"<svg role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 420 190\" width=\"100%\" height=\"190\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append($"<title id=\"{id}\">{System.Net.WebUtility.HtmlEncode(locality)}: notifications and completed interviews by quarter (the table below has the figures)</title>");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var x = 20 + (i * 100);
            var h1 = (int)Math.Round(140.0 * r.Notifications / max);
            var h2 = (int)Math.Round(140.0 * r.TotalRhi / max);
            svg.Append($"<rect x=\"{x}\" y=\"{160 - h1}\" width=\"35\" height=\"{h1}\" fill=\"#1d70b8\"/>");
            svg.Append($"<rect x=\"{x + 38}\" y=\"{160 - h2}\" width=\"35\" height=\"{h2}\" fill=\"#00703c\"/>");
            svg.Append($"<text x=\"{x + 36}\" y=\"180\" text-anchor=\"middle\" font-size=\"14\" fill=\"#0b0c0c\">{r.Period}</text>");
            svg.Append($"<text x=\"{x + 17}\" y=\"{155 - h1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#0b0c0c\">{r.Notifications}</text>");
            svg.Append($"<text x=\"{x + 55}\" y=\"{155 - h2}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#0b0c0c\">{r.TotalRhi}</text>");
        }

        return new Microsoft.AspNetCore.Html.HtmlString(svg.Append("</svg>").ToString());
    }

    public string Slug(string name) => new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        Year = FinancialYear.RequestedOrCurrent(Year, now);
        Produced = now.InZone(ChildAge.London).ToString("d MMMM yyyy HH:mm", null);
        areas = await db.Areas.AsNoTracking().ToListAsync(cancellationToken);
        Rows = await report.BuildAsync(Year, "quarterly", cancellationToken);
        Localities = [.. areas.Where(a => a.Locality != null).Select(a => a.Locality!).Distinct().Order(), "All areas"];
        await audit.RecordAsync("export", "CommitteePack", Year.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
    }
}

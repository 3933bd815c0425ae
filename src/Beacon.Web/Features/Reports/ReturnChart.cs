using System.Globalization;
using System.Net;
using System.Text;
using Beacon.Domain.Reporting;
using Microsoft.AspNetCore.Html;

namespace Beacon.Web.Features.Reports;

/// <summary>
/// A bar chart of notifications (blue) and completed interviews (green) per period, as inline SVG: no script, prints,
/// and is described by its title for screen readers (the table beside it has the figures). Any number of periods. Bar
/// heights round halves away from zero like every published figure (<see cref="Rounding"/>).
/// </summary>
public static class ReturnChart
{
    public static HtmlString Bars(string id, string area, IReadOnlyList<ReturnRow> rows)
    {
        var max = Math.Max(1, rows.Count == 0 ? 0 : rows.Max(r => r.Notifications));
        var width = 20 + (Math.Max(1, rows.Count) * 100);
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 {width} 190\" width=\"100%\" height=\"190\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}\">{WebUtility.HtmlEncode(area)}: notifications and completed interviews by period (the table has the figures)</title>");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var x = 20 + (i * 100);
            var h1 = Rounding.Whole(140L * r.Notifications, max);
            var h2 = Rounding.Whole(140L * r.TotalRhi, max);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{160 - h1}\" width=\"35\" height=\"{h1}\" fill=\"#1d70b8\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 38}\" y=\"{160 - h2}\" width=\"35\" height=\"{h2}\" fill=\"#00703c\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 36}\" y=\"180\" text-anchor=\"middle\" font-size=\"14\" fill=\"#0b0c0c\">{WebUtility.HtmlEncode(r.Period)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 17}\" y=\"{155 - h1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#0b0c0c\">{r.Notifications}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 55}\" y=\"{155 - h2}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#0b0c0c\">{r.TotalRhi}</text>");
        }

        return new HtmlString(svg.Append("</svg>").ToString());
    }

    public static string Slug(string name) => new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}

using Beacon.Web.Infrastructure.Charts;
using Microsoft.AspNetCore.Html;

namespace Beacon.Web.Features.Reports;

/// <summary>
/// A bar chart of notifications (blue) and notifications covered by a completed interview (green) per period, drawn by
/// the chart library with its table of figures (<see cref="ChartFigure"/>, ADR 33). Any number of periods.
/// </summary>
public static class ReturnChart
{
    public static HtmlString Bars(string id, string area, IReadOnlyList<ReturnRow> rows, string? tableId = null) => ChartFigure.Render(new ChartSpec(
        id,
        ChartKind.Bars,
        $"{area}: notifications and completed interviews by period",
        "Bars for each period: notifications received, and notifications covered by a completed interview.",
        "Period",
        [.. rows.Select(r => r.Period)],
        [
            new ChartSeries("Notifications", [.. rows.Select(r => (double?)r.Notifications)], "#1d70b8"),
            new ChartSeries("Covered by a completed interview", [.. rows.Select(r => (double?)r.TotalRhi)], "#00703c"),
        ])
    { TableId = tableId });

    public static string Slug(string name) => new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}

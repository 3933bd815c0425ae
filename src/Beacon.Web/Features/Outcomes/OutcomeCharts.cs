using System.Globalization;
using Beacon.Web.Infrastructure.Charts;
using Microsoft.AspNetCore.Html;
using NodaTime;

namespace Beacon.Web.Features.Outcomes;

/// <summary>
/// The outcome charts (issue #19 §1), drawn by the chart library (<see cref="ChartFigure"/>, ADR 33) beside the tables
/// that have their figures. The star shows the latest reading (solid blue, round markers) over the first (dashed grey,
/// square markers): the difference is in line style and marker shape as well as colour. A skipped area has no point.
/// </summary>
public static class OutcomeCharts
{
    public static HtmlString Star(string id, OutcomeHistory history)
    {
        var areas = history.ChartAreas;
        var series = new List<ChartSeries>();
        if (history.Readings.Count > 1)
        {
            series.Add(new ChartSeries("First reading", Scores(history.First!, areas), "#505a5f", Dashed: true));
        }

        if (history.Latest is { } latest)
        {
            series.Add(new ChartSeries("Latest reading", Scores(latest, areas), "#1d70b8"));
        }

        return ChartFigure.Render(new ChartSpec(
            id,
            ChartKind.Star,
            $"Outcome star: latest reading{(history.Readings.Count > 1 ? " over the first" : string.Empty)}",
            "Score 1 to 10 in each life area; the table beside the chart has the figures.",
            "Life area",
            [.. areas.Select(a => a.Name)],
            series)
        { Min = 0, Max = 10, Height = 430, TableId = "outcome-star-table" });
    }

    /// <summary>One life area's scores over time: the date of each reading along, 1–10 up.</summary>
    public static HtmlString Line(string id, string tableId, string areaName, IReadOnlyList<(LocalDate On, int Score)> points) => ChartFigure.Render(new ChartSpec(
        id,
        ChartKind.Lines,
        $"{areaName}: score at each reading",
        "Score 1 to 10 at each reading over time; the table below the chart has the figures.",
        "Date",
        [.. points.Select(p => p.On.ToString("d MMM yyyy", CultureInfo.InvariantCulture))],
        [new ChartSeries("Score", [.. points.Select(p => (double?)p.Score)], "#1d70b8")])
    { Min = 1, Max = 10, Height = 200, TableId = tableId });

    private static double?[] Scores(ReadingView reading, IReadOnlyList<(string Code, string Name)> areas) => [.. areas.Select(a => (double?)reading.ScoreOf(a.Code))];
}

using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using NodaTime;

namespace Beacon.Web.Features.Outcomes;

/// <summary>
/// The outcome charts as inline SVG (issue #19 §1): no script and no inline styles, so they pass Beacon's CSP and
/// print; each has a title for screen readers and a data table beside it with the figures. The star shows the latest
/// reading (solid blue, round markers) over the first (dashed grey, square markers): the difference is in line style and
/// marker shape as well as colour. A skipped area has no point.
/// </summary>
public static class OutcomeCharts
{
    private const string Latest = "#1d70b8";
    private const string First = "#505a5f";
    private const string Grid = "#b1b4b6";
    private const string Ink = "#0b0c0c";

    public static HtmlString Star(string id, OutcomeHistory history)
    {
        var areas = history.ChartAreas;
        const double cx = 320, cy = 210, radius = 150;
        (double X, double Y) At(int i, double score)
        {
            var angle = (-Math.PI / 2) + (2 * Math.PI * i / Math.Max(1, areas.Count));
            return (cx + (radius * score / 10 * Math.Cos(angle)), cy + (radius * score / 10 * Math.Sin(angle)));
        }

        var svg = Open(id, 640, 430, $"Outcome star: latest reading{(history.Readings.Count > 1 ? " over the first" : string.Empty)}, score 1 to 10 in each life area (the table has the figures)");
        foreach (var level in new[] { 2, 4, 6, 8, 10 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{string.Join(" ", Enumerable.Range(0, areas.Count).Select(i => P(At(i, level))))}\" fill=\"none\" stroke=\"{Grid}\" stroke-width=\"1\"/>");
        }

        for (var i = 0; i < areas.Count; i++)
        {
            var (x, y) = At(i, 10);
            var (lx, ly) = At(i, 11.3);
            var anchor = Math.Abs(lx - cx) < 5 ? "middle" : lx > cx ? "start" : "end";
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{N(x)}\" y2=\"{N(y)}\" stroke=\"{Grid}\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(lx)}\" y=\"{N(ly + 4)}\" text-anchor=\"{anchor}\" font-size=\"13\" fill=\"{Ink}\">{E(areas[i].Name)}</text>");
        }

        if (history.Readings.Count > 1)
        {
            Shape(svg, history.First!, areas, At, First, dashed: true);
        }

        if (history.Latest is { } latest)
        {
            Shape(svg, latest, areas, At, Latest, dashed: false);
        }

        return Close(svg);
    }

    private static void Shape(StringBuilder svg, ReadingView reading, IReadOnlyList<(string Code, string Name)> areas, Func<int, double, (double X, double Y)> at, string colour, bool dashed)
    {
        var points = Enumerable.Range(0, areas.Count).Where(i => reading.ScoreOf(areas[i].Code) is not null).Select(i => at(i, reading.ScoreOf(areas[i].Code)!.Value)).ToList();
        var dash = dashed ? " stroke-dasharray=\"6 4\"" : string.Empty;
        var fill = dashed ? "none" : colour;
        var element = points.Count >= 3 ? "polygon" : "polyline";
        svg.Append(CultureInfo.InvariantCulture, $"<{element} points=\"{string.Join(" ", points.Select(P))}\" fill=\"{fill}\" fill-opacity=\"0.12\" stroke=\"{colour}\" stroke-width=\"3\"{dash}/>");
        foreach (var (x, y) in points)
        {
            svg.Append(dashed
                ? $"<rect x=\"{N(x - 4)}\" y=\"{N(y - 4)}\" width=\"8\" height=\"8\" fill=\"{colour}\"/>"
                : $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"5\" fill=\"{colour}\"/>");
        }
    }

    /// <summary>One life area's scores over time: dates along, 1–10 up.</summary>
    public static HtmlString Line(string id, string areaName, IReadOnlyList<(LocalDate On, int Score)> points)
    {
        var svg = Open(id, 360, 170, $"{areaName}: score at each reading over time (the table has the figures)");
        const double left = 40, right = 340, top = 20, bottom = 130;
        double Y(int score) => bottom - ((score - 1) * (bottom - top) / 9);
        foreach (var level in new[] { 1, 5, 10 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{N(Y(level))}\" x2=\"{right}\" y2=\"{N(Y(level))}\" stroke=\"{Grid}\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{N(Y(level) + 4)}\" text-anchor=\"end\" font-size=\"12\" fill=\"{Ink}\">{level}</text>");
        }

        if (points.Count > 0)
        {
            var (from, to) = (points[0].On, points[^1].On);
            var span = Math.Max(1, Period.Between(from, to, PeriodUnits.Days).Days);
            double X(LocalDate on) => from == to ? (left + right) / 2 : left + 10 + ((right - left - 20) * Period.Between(from, on, PeriodUnits.Days).Days / span);
            var xy = points.Select(p => (X: X(p.On), Y: Y(p.Score), p.Score)).ToList();
            if (xy.Count > 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(" ", xy.Select(p => P((p.X, p.Y))))}\" fill=\"none\" stroke=\"{Latest}\" stroke-width=\"3\"/>");
            }

            foreach (var p in xy)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(p.X)}\" cy=\"{N(p.Y)}\" r=\"5\" fill=\"{Latest}\"/><text x=\"{N(p.X)}\" y=\"{N(p.Y - 9)}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{Ink}\">{p.Score}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"158\" font-size=\"12\" fill=\"{Ink}\">{E(from.ToString("d MMM yyyy", CultureInfo.InvariantCulture))}</text>");
            if (from != to)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{right}\" y=\"158\" text-anchor=\"end\" font-size=\"12\" fill=\"{Ink}\">{E(to.ToString("d MMM yyyy", CultureInfo.InvariantCulture))}</text>");
            }
        }

        return Close(svg);
    }

    private static StringBuilder Open(string id, int width, int height, string title) =>
        new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\" class=\"beacon-outcome-chart\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}\">{E(title)}</title>");

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static string P((double X, double Y) p) => $"{N(p.X)},{N(p.Y)}";

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Html;

namespace Beacon.Web.Infrastructure.Charts;

/// <summary>How a chart draws its series: bars side by side, bars stacked, lines over time, or a star (radar).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChartKind>))]
public enum ChartKind
{
    Bars,
    StackedBars,
    Lines,
    Star,
}

/// <summary>One series of a chart: a value per category (null: no value, drawn as a gap). A dashed series is drawn with a
/// dashed line and square markers, so series differ by more than colour.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values, string? Colour = null, bool Dashed = false);

/// <summary>
/// A chart's figures and words (ADR 33): <see cref="ChartFigure.Render"/> writes them into the page as data, which
/// <c>wwwroot/js/charts.js</c> draws with Apache ECharts as SVG, and as a table of the same figures, so the chart works
/// without script, in print and for screen readers. The title names the chart; the description says what it shows.
/// </summary>
public sealed record ChartSpec(string Id, ChartKind Kind, string Title, string Description, string CategoryHeading, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>The value axis's lowest and highest value (null: from the figures).</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>The drawing's height in CSS pixels.</summary>
    public int Height { get; init; } = 280;

    /// <summary>The id of a table beside the chart that already has these figures (then no second table is written; the
    /// drawing's description points to it).</summary>
    public string? TableId { get; init; }
}

/// <summary>Writes a <see cref="ChartSpec"/> as a figure: the drawing's data and its table of figures in a details element.</summary>
public static class ChartFigure
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static HtmlString Render(ChartSpec chart)
    {
        var id = E(chart.Id);
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<figure class=\"beacon-chart\" id=\"{id}\">")
            .Append(CultureInfo.InvariantCulture, $"<figcaption class=\"govuk-body-s govuk-!-margin-bottom-2\" id=\"{id}-caption\">{E(chart.Title)}</figcaption>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"beacon-chart__drawing\" data-chart=\"{E(JsonSerializer.Serialize(chart, Json))}\"></div>");
        if (chart.TableId is not null)
        {
            return new HtmlString(html.Append("</figure>").ToString());
        }

        html
            .Append("<details class=\"govuk-details beacon-chart__figures\"><summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">")
            .Append(CultureInfo.InvariantCulture, $"Figures in this chart</span></summary><div class=\"govuk-details__text\"><table class=\"govuk-table\" id=\"{id}-table\">")
            .Append(CultureInfo.InvariantCulture, $"<caption class=\"govuk-table__caption govuk-table__caption--s\">{E(chart.Title)}</caption>")
            .Append(CultureInfo.InvariantCulture, $"<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">{E(chart.CategoryHeading)}</th>");
        foreach (var series in chart.Series)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">{E(series.Name)}</th>");
        }

        html.Append("</tr></thead><tbody class=\"govuk-table__body\">");
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{E(chart.Categories[i])}</th>");
            foreach (var series in chart.Series)
            {
                var value = i < series.Values.Count ? series.Values[i] : null;
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"govuk-table__cell govuk-table__cell--numeric\">{(value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "–")}</td>");
            }

            html.Append("</tr>");
        }

        return new HtmlString(html.Append("</tbody></table></div></details></figure>").ToString());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

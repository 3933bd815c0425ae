using System.Globalization;
using Beacon.Domain.Contract;
using Beacon.Domain.Reporting;

namespace Beacon.Web.Features.Contract;

/// <summary>What a column of an annual-report table holds: words, a count (the only kind small-number suppression
/// applies to), money in pence, a percentage, another decimal, or a RAG rating's code (shown in words).</summary>
public enum CellKind
{
    Text,
    Count,
    Money,
    Percent,
    Decimal,
    Rag,
}

/// <summary>A column: its code (JSON), its heading (page and workbook) and what it holds.</summary>
public sealed record ReportColumn(string Code, string Header, CellKind Kind);

/// <summary>
/// A table of the annual contract report. Cells are text, <c>int</c> counts, <c>long</c> pence, <c>decimal</c>
/// percentages or decimals, or null (no figure). <see cref="LastRowIsTotal"/>: the last row totals the rows above;
/// <see cref="LastColumnIsTotal"/>: the last column totals the other count columns (what secondary suppression protects).
/// </summary>
public sealed record ReportTable(string Caption, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public bool LastRowIsTotal { get; init; }

    public bool LastColumnIsTotal { get; init; }

    /// <summary>Per cell, how it is shown (all <see cref="Suppression.Shown"/> unless suppression was asked for).</summary>
    public IReadOnlyList<IReadOnlyList<Suppression>>? Marks { get; init; }

    public Suppression Mark(int row, int column) => Marks?[row][column] ?? Suppression.Shown;

    /// <summary>A percentage or decimal in a row with a suppressed count is hidden too: it could give the count away.</summary>
    public bool Hidden(int row, int column) => Columns[column].Kind is CellKind.Percent or CellKind.Decimal && Marks is { } m && m[row].Any(x => x != Suppression.Shown);

    /// <summary>A cell as the page shows it.</summary>
    public string Text(int row, int column) => Mark(row, column) switch
    {
        Suppression.Small => AnnualReport.SmallText,
        Suppression.Secondary => AnnualReport.SecondaryText,
        _ when Hidden(row, column) => AnnualReport.SecondaryText,
        _ when Columns[column].Kind == CellKind.Rag => Rag.Label(Rows[row][column] as string),
        _ => Rows[row][column] switch
        {
            null => "–",
            long pence when Columns[column].Kind == CellKind.Money => Money.Format(pence),
            int n => n.ToString("N0", CultureInfo.InvariantCulture),
            long n => n.ToString("N0", CultureInfo.InvariantCulture),
            decimal d when Columns[column].Kind == CellKind.Percent => d.ToString(CultureInfo.InvariantCulture) + "%",
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            var v => v.ToString() ?? string.Empty,
        },
    };

    /// <summary>A cell as the workbook and JSON carry it: the number (money in pounds for the workbook, pence in JSON),
    /// or the suppression text; a RAG rating in words in the workbook, its code in JSON.</summary>
    public object? Value(int row, int column, bool moneyInPounds) => Mark(row, column) != Suppression.Shown || Hidden(row, column) || (Columns[column].Kind == CellKind.Rag && moneyInPounds)
        ? Text(row, column)
        : Rows[row][column] is long pence && Columns[column].Kind == CellKind.Money && moneyInPounds ? pence / 100m : Rows[row][column];

    /// <summary>This table with small numbers suppressed: count cells 1–4 shown as "&lt;5", and secondary suppression so
    /// that no published total gives one away (<see cref="SmallNumbers.Suppress"/>).</summary>
    public ReportTable Suppressed()
    {
        var counts = Enumerable.Range(0, Columns.Count).Where(c => Columns[c].Kind == CellKind.Count).ToList();
        var grid = Rows.Select(r => (IReadOnlyList<long>)[.. counts.Select(c => r[c] is int n ? n : r[c] is long l ? l : 0L)]).ToList();
        var marks = SmallNumbers.Suppress(grid, LastColumnIsTotal && counts.Count > 0 && counts[^1] == Columns.Count - 1, LastRowIsTotal);
        return this with
        {
            Marks = [.. Rows.Select((_, r) => (IReadOnlyList<Suppression>)[.. Enumerable.Range(0, Columns.Count).Select(c => counts.IndexOf(c) is var i and >= 0 ? marks[r][i] : Suppression.Shown)])],
        };
    }
}

/// <summary>A section of the annual report: its figures come from the named source report, unchanged.</summary>
public sealed record ReportSection(string Id, string Title, string Source, IReadOnlyList<ReportTable> Tables, string? Unavailable = null)
{
    /// <summary>A chart of the section's first table (the existing chart helpers), left out when small numbers are
    /// suppressed (its bars and labels would show them).</summary>
    public Microsoft.AspNetCore.Html.HtmlString? Chart { get; init; }
}

/// <summary>The annual contract report for a financial year (issue #18 §6).</summary>
public sealed record AnnualReport(int FinancialYear, string Label, bool Suppressed, IReadOnlyList<ReportSection> Sections, IReadOnlyList<(string Term, string Definition)> Definitions)
{
    public const string SmallText = "<5";

    public const string SecondaryText = "[c]";

    public ReportSection Section(string id) => Sections.Single(s => s.Id == id);
}

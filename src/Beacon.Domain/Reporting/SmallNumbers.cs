namespace Beacon.Domain.Reporting;

/// <summary>How a cell of a published table is shown after small-number suppression.</summary>
public enum Suppression
{
    /// <summary>Shown as it is.</summary>
    Shown = 0,

    /// <summary>A count from 1 to 4: shown as "&lt;5".</summary>
    Small = 1,

    /// <summary>Hidden so that a small count cannot be worked out from a total (secondary suppression).</summary>
    Secondary = 2,
}

/// <summary>
/// Small-number suppression for a version of a report to be published (issue #18 §6; the Government Statistical
/// Service's guidance on statistical disclosure control, as applied to the DfE's children in need and looked-after
/// children releases): a count from 1 to 4 is shown as "&lt;5" (0 and 5 or more are shown), and where a published total
/// would let a reader work out a single suppressed count (the total minus the other shown cells), a second cell of the
/// same line is suppressed too (secondary suppression), until no line with a published total has exactly one suppressed
/// cell. The second cell is the smallest non-zero shown cell of the line (a known zero protects nothing), else a zero,
/// else the total itself.
/// </summary>
public static class SmallNumbers
{
    public const long Threshold = 5;

    /// <summary>A count from 1 to 4.</summary>
    public static bool IsSmall(long count) => count is >= 1 and < Threshold;

    /// <summary>
    /// Marks the cells of a table to suppress. <paramref name="grid"/> is the table's counts, rows by columns; when
    /// <paramref name="lastColumnIsTotal"/> its last column is each row's total, when <paramref name="lastRowIsTotal"/>
    /// its last row is each column's total (the totals as published, which need not be exact sums: a count of distinct
    /// children across districts is not). Returns a marking of the same shape.
    /// </summary>
    public static Suppression[][] Suppress(IReadOnlyList<IReadOnlyList<long>> grid, bool lastColumnIsTotal, bool lastRowIsTotal)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var marks = grid.Select(row => row.Select(v => IsSmall(v) ? Suppression.Small : Suppression.Shown).ToArray()).ToArray();
        var columns = grid.Count == 0 ? 0 : grid[0].Count;
        if (grid.Any(row => row.Count != columns))
        {
            throw new ArgumentException("Every row needs the same number of cells", nameof(grid));
        }

        // The lines with a published total: every row (its last cell is the total) and every column (its last cell).
        var lines = new List<(int Row, int Column)[]>();
        if (lastColumnIsTotal && columns >= 2)
        {
            lines.AddRange(Enumerable.Range(0, grid.Count).Select(r => Enumerable.Range(0, columns).Select(c => (r, c)).ToArray()));
        }

        if (lastRowIsTotal && grid.Count >= 2)
        {
            lines.AddRange(Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, grid.Count).Select(r => (r, c)).ToArray()));
        }

        bool IsTotal((int Row, int Column) cell) =>
            (lastColumnIsTotal && cell.Column == columns - 1) || (lastRowIsTotal && cell.Row == grid.Count - 1);

        bool changed;
        do
        {
            changed = false;
            foreach (var line in lines)
            {
                if (line.Count(x => marks[x.Row][x.Column] != Suppression.Shown) != 1)
                {
                    continue;
                }

                var second = line.Where(x => marks[x.Row][x.Column] == Suppression.Shown)
                    .OrderBy(x => IsTotal(x)).ThenBy(x => grid[x.Row][x.Column] == 0).ThenBy(x => grid[x.Row][x.Column]).First();
                marks[second.Row][second.Column] = Suppression.Secondary;
                changed = true;
            }
        }
        while (changed);

        return marks;
    }
}

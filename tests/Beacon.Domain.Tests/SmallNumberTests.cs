using Beacon.Domain.Reporting;

namespace Beacon.Domain.Tests;

/// <summary>Issue #18 §6: small-number suppression for a published annual report, at its edges.</summary>
public class SmallNumberTests
{
    private const Suppression S = Suppression.Shown;
    private const Suppression P = Suppression.Small;
    private const Suppression X = Suppression.Secondary;

    private static long[][] Grid(params long[][] rows) => rows;

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(-1, false)]
    public void Only_counts_from_one_to_four_are_small(long count, bool small) => Assert.Equal(small, SmallNumbers.IsSmall(count));

    [Fact]
    public void Without_totals_only_the_small_cells_are_suppressed_and_zero_and_five_are_shown()
    {
        var marks = SmallNumbers.Suppress(Grid([0, 1, 4, 5], [12, 3, 0, 40]), lastColumnIsTotal: false, lastRowIsTotal: false);
        Assert.Equal([S, P, P, S], marks[0]);
        Assert.Equal([S, P, S, S], marks[1]);
    }

    [Fact]
    public void One_suppressed_cell_in_a_row_with_a_total_suppresses_the_smallest_other_non_zero_cell()
    {
        // 3 + 0 + 9 + 20 = 32: showing 0, 9, 20 and 32 would reveal the 3; the 9 goes too (not the zero, which protects nothing).
        var marks = SmallNumbers.Suppress(Grid([3, 0, 9, 20, 32]), lastColumnIsTotal: true, lastRowIsTotal: false);
        Assert.Equal([P, S, X, S, S], marks[0]);
    }

    [Fact]
    public void Two_small_cells_in_a_row_need_no_secondary_suppression()
    {
        var marks = SmallNumbers.Suppress(Grid([3, 2, 9, 14]), lastColumnIsTotal: true, lastRowIsTotal: false);
        Assert.Equal([P, P, S, S], marks[0]);
    }

    [Fact]
    public void A_column_total_is_protected_like_a_row_total()
    {
        var marks = SmallNumbers.Suppress(Grid([2], [7], [30], [39]), lastColumnIsTotal: false, lastRowIsTotal: true);
        Assert.Equal([P, X, S, S], marks.Select(r => r[0]));
    }

    [Fact]
    public void A_small_total_is_itself_suppressed_and_then_protects_its_only_non_zero_cell()
    {
        // 3 + 0 = 3: the total is small as well, so the row has two suppressed cells and nothing more is needed.
        var marks = SmallNumbers.Suppress(Grid([3, 0, 3]), lastColumnIsTotal: true, lastRowIsTotal: false);
        Assert.Equal([P, S, P], marks[0]);
    }

    [Fact]
    public void A_line_of_zeros_and_one_small_cell_suppresses_a_zero_rather_than_reveal_it()
    {
        // 3 + 0 + 0 = 3 with the total shown as 10 (a count of distinct children need not be an exact sum): a zero goes.
        var marks = SmallNumbers.Suppress(Grid([3, 0, 0, 10]), lastColumnIsTotal: true, lastRowIsTotal: false);
        Assert.Equal([P, X, S, S], marks[0]);
    }

    [Fact]
    public void Secondary_suppression_in_a_row_is_followed_through_the_columns_until_no_line_has_one_suppressed_cell()
    {
        long[][] grid = Grid([2, 10, 20, 32], [8, 12, 30, 50], [10, 22, 50, 82]);
        var marks = SmallNumbers.Suppress(grid, lastColumnIsTotal: true, lastRowIsTotal: true);
        foreach (var row in marks)
        {
            Assert.NotEqual(1, row.Count(m => m != S));
        }

        for (var c = 0; c < 4; c++)
        {
            Assert.NotEqual(1, marks.Count(r => r[c] != S));
        }

        Assert.Equal(P, marks[0][0]);
        Assert.Equal(X, marks[0][1]); // the smallest other cell of the first row
        Assert.Equal(X, marks[1][0]); // then the first column's smallest other cell, and so on
    }

    [Fact]
    public void Nothing_small_means_nothing_suppressed_even_with_totals()
    {
        var marks = SmallNumbers.Suppress(Grid([5, 0, 5], [6, 7, 13], [11, 7, 18]), lastColumnIsTotal: true, lastRowIsTotal: true);
        Assert.All(marks.SelectMany(r => r), m => Assert.Equal(S, m));
    }
}

using Beacon.Domain.Exploitation;

namespace Beacon.Domain.Tests;

public sealed class NetworkMetricsTests
{
    // A hand-drawn map: two children exploited by adult A1, who is seen at location L1 with adult A2, who exploits C3.
    //
    //   C1 ─┐
    //       A1 ── L1 ── A2 ── C3
    //   C2 ─┘
    private static readonly string[] Nodes = ["C1", "C2", "C3", "A1", "A2", "L1"];

    private static readonly (string, string)[] Links =
    [
        ("C1", "A1"), ("C2", "A1"), ("A1", "L1"), ("A2", "L1"), ("C3", "A2"),
        ("A1", "C1"), // recorded twice (once from each side): still one association
        ("L1", "L1"), // a self-link is meaningless and ignored
    ];

    [Fact]
    public void Degree_counts_distinct_neighbours()
    {
        var degree = NetworkMetrics.Degree(Nodes, Links);

        Assert.Equal(3, degree["A1"]);
        Assert.Equal(2, degree["L1"]);
        Assert.Equal(2, degree["A2"]);
        Assert.Equal(1, degree["C1"]);
        Assert.Equal(1, degree["C3"]);
    }

    [Fact]
    public void Betweenness_on_a_tree_counts_the_pairs_each_subject_separates()
    {
        var betweenness = NetworkMetrics.Betweenness(Nodes, Links);

        // Removing A1 leaves {C1}, {C2}, {L1, A2, C3}: 1×1 + 1×3 + 1×3 = 7 pairs must pass through A1.
        Assert.Equal(7, betweenness["A1"], 9);
        // L1 separates {C1, C2, A1} from {A2, C3}: 3×2 = 6.
        Assert.Equal(6, betweenness["L1"], 9);
        // A2 separates C3 from the other four: 4.
        Assert.Equal(4, betweenness["A2"], 9);
        Assert.Equal(0, betweenness["C1"], 9);
        Assert.Equal(0, betweenness["C3"], 9);
    }

    [Fact]
    public void Betweenness_shares_a_pair_between_equally_short_routes()
    {
        // A square: C1 and L1 are joined through A1 or through A2, so each of those gets half of that pair.
        var betweenness = NetworkMetrics.Betweenness(["C1", "A1", "L1", "A2"], [("C1", "A1"), ("A1", "L1"), ("L1", "A2"), ("A2", "C1")]);

        Assert.All(betweenness.Values, v => Assert.Equal(0.5, v, 9));
    }

    [Fact]
    public void An_isolated_subject_has_no_connections()
    {
        var degree = NetworkMetrics.Degree(["C9"], []);
        var betweenness = NetworkMetrics.Betweenness(["C9"], []);

        Assert.Equal(0, degree["C9"]);
        Assert.Equal(0, betweenness["C9"]);
    }
}

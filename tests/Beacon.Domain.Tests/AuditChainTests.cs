using Beacon.Domain.Audit;
using NodaTime;

namespace Beacon.Domain.Tests;

public class AuditChainTests
{
    private static List<AuditRecord> Chain(int count)
    {
        var entries = new List<AuditRecord>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var entry = new AuditRecord(i, Instant.FromUtc(2026, 11, 22, 10, 0, i), Guid.Empty, "pat@provider.beacon.example", "PROVIDER", "view", "Child", $"child-{i}", "allowed", "127.0.0.1", null, previous, string.Empty);
            entry = entry with { Hash = AuditChain.ComputeHash(entry, previous) };
            entries.Add(entry);
            previous = entry.Hash;
        }

        return entries;
    }

    [Fact]
    public void An_untouched_chain_verifies_and_reports_its_head()
    {
        var chain = Chain(5);
        var result = AuditChain.Verify(chain);
        Assert.True(result.IsIntact);
        Assert.Equal(5, result.EntriesChecked);
        Assert.Equal(chain[^1].Hash, result.HeadHash);
    }

    [Fact]
    public void An_empty_chain_is_intact_at_genesis() => Assert.Equal(AuditChain.Genesis, AuditChain.Verify([]).HeadHash);

    [Fact]
    public void An_edited_field_is_detected_at_that_entry()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { UserName = "someone-else@example.org" };
        var result = AuditChain.Verify(chain);
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("changed", result.Problem);
    }

    [Fact]
    public void An_edit_with_a_recomputed_hash_breaks_the_next_link()
    {
        var chain = Chain(5);
        var edited = chain[2] with { Outcome = "denied" };
        chain[2] = edited with { Hash = AuditChain.ComputeHash(edited, edited.PreviousHash) };
        var result = AuditChain.Verify(chain);
        Assert.False(result.IsIntact);
        Assert.Equal(4, result.FirstBadSequence);
    }

    [Fact]
    public void A_deleted_entry_is_detected()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        var result = AuditChain.Verify(chain);
        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBadSequence);
        Assert.Contains("missing", result.Problem);
    }

    [Fact]
    public void Null_and_empty_fields_hash_differently()
    {
        var entry = Chain(1)[0];
        Assert.NotEqual(AuditChain.ComputeHash(entry with { Details = null }, AuditChain.Genesis), AuditChain.ComputeHash(entry with { Details = string.Empty }, AuditChain.Genesis));
    }

    [Fact]
    public void Field_boundaries_cannot_be_shifted()
    {
        var entry = Chain(1)[0];
        var a = entry with { Action = "view", RecordType = "Child" };
        var b = entry with { Action = "viewC", RecordType = "hild" };
        Assert.NotEqual(AuditChain.ComputeHash(a, AuditChain.Genesis), AuditChain.ComputeHash(b, AuditChain.Genesis));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Domain.Audit;

/// <summary>One audit entry as it is hashed. <see cref="Sequence"/> starts at 1 and has no gaps.</summary>
public sealed record AuditRecord(
    long Sequence,
    Instant OccurredAt,
    Guid? UserId,
    string UserName,
    string? OrganisationCode,
    string Action,
    string RecordType,
    string? RecordId,
    string Outcome,
    string? IpAddress,
    string? Details,
    string PreviousHash,
    string Hash);

/// <summary>What <see cref="AuditChain.Verify"/> found.</summary>
public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstBadSequence, string Problem, string HeadHash);

/// <summary>
/// The tamper-evident audit chain (issue #2 §6): each entry's hash covers its own fields and the previous entry's
/// hash, so editing an entry breaks its hash and deleting one breaks the sequence and the link of the next.
/// Deleting the newest entries is only visible against a previously noted head hash (`beacon audit verify --expect-head`).
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>SHA-256 over a canonical, unambiguous (length-prefixed) rendering of the entry and the previous hash.</summary>
    public static string ComputeHash(AuditRecord entry, string previousHash)
    {
        var builder = new StringBuilder();
        void Field(string? value)
        {
            value ??= "\u2400"; // distinguishes null from the empty string
            builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
        }

        Field(entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(InstantPattern.ExtendedIso.Format(entry.OccurredAt));
        Field(entry.UserId?.ToString("D"));
        Field(entry.UserName);
        Field(entry.OrganisationCode);
        Field(entry.Action);
        Field(entry.RecordType);
        Field(entry.RecordId);
        Field(entry.Outcome);
        Field(entry.IpAddress);
        Field(entry.Details);
        Field(previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>Checks entries in sequence order: numbering without gaps from 1, each link, each hash.</summary>
    public static AuditVerification Verify(IEnumerable<AuditRecord> entriesInOrder)
    {
        var verifier = new AuditChainVerifier();
        foreach (var entry in entriesInOrder)
        {
            if (!verifier.Check(entry))
            {
                break;
            }
        }

        return verifier.Result;
    }

}

/// <summary>Checks a chain one entry at a time, so a long log can be streamed rather than loaded whole.</summary>
public sealed class AuditChainVerifier
{
    private long expectedSequence = 1;
    private string previousHash = AuditChain.Genesis;
    private long count;
    private AuditVerification? failure;

    public AuditVerification Result => failure ?? new AuditVerification(true, count, null, string.Empty, previousHash);

    /// <summary>Checks the next entry; false once the chain is broken (later entries are then ignored).</summary>
    public bool Check(AuditRecord entry)
    {
        if (failure is not null)
        {
            return false;
        }

        if (entry.Sequence != expectedSequence)
        {
            return Fail(expectedSequence, $"entry {expectedSequence} is missing (next found is {entry.Sequence})");
        }

        if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return Fail(entry.Sequence, $"entry {entry.Sequence} does not link to entry {entry.Sequence - 1}");
        }

        if (!string.Equals(AuditChain.ComputeHash(entry, previousHash), entry.Hash, StringComparison.Ordinal))
        {
            return Fail(entry.Sequence, $"entry {entry.Sequence} was changed after it was written");
        }

        previousHash = entry.Hash;
        expectedSequence++;
        count++;
        return true;
    }

    private bool Fail(long sequence, string problem)
    {
        failure = new AuditVerification(false, count, sequence, problem, previousHash);
        return false;
    }
}

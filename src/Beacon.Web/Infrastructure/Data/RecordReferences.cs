using System.Security.Cryptography;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>
/// Human-readable record references (e.g. <c>BCN-7K2M9QX4HD</c>): a prefix and ten Crockford base-32 characters
/// (50 random bits; no I, L, O or U, so they read aloud and type without confusion). Fifty bits make a clash
/// about one in a thousand million for a new record among a million; imports, which create many at once, also check
/// each batch against the database (<see cref="Beacon.Web.Features.Missing.NotificationIntake"/>).
/// </summary>
public static class RecordReferences
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var bits = BitConverter.ToUInt64(bytes);
        Span<char> text = stackalloc char[10];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return $"{prefix}-{text}";
    }
}

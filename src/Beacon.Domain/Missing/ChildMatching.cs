using System.Globalization;
using System.Text;

namespace Beacon.Domain.Missing;

/// <summary>
/// Whether two children's names may be the same person (both already have the same date of birth). Source: issue #3
/// §2 — propose matches "tolerant of spelling" for a person to confirm; never merge on name alone. Tolerates accents,
/// case, punctuation, a typo or two (edit distance), a shortened given name and swapped given/family names.
/// </summary>
public static class ChildMatching
{
    public static bool IsPossibleMatch(string givenA, string familyA, string givenB, string familyB) =>
        IsPossibleMatchNormalised(Normalise(givenA), Normalise(familyA), Normalise(givenB), Normalise(familyB));

    /// <summary>The same test on names already passed through <see cref="Normalise"/> (for comparing one child with many).</summary>
    public static bool IsPossibleMatchNormalised(string ga, string fa, string gb, string fb)
    {
        if (ga.Length == 0 || fa.Length == 0 || gb.Length == 0 || fb.Length == 0)
        {
            return false;
        }

        return (Close(fa, fb) && GivenClose(ga, gb)) || (Close(fa, gb) && GivenClose(ga, fb));
    }

    /// <summary>Lower case, accents removed, letters only.</summary>
    public static string Normalise(string name)
    {
        var ascii = AsciiLetters(name);
        if (ascii is { } alreadyLower)
        {
            // The common cases, plain letters: nothing to decompose.
            return alreadyLower ? name : name.ToLowerInvariant();
        }

        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>Null when the name has anything but ASCII letters; else whether they are all lower case.</summary>
    private static bool? AsciiLetters(string name)
    {
        var lower = true;
        foreach (var c in name)
        {
            if (c is >= 'A' and <= 'Z')
            {
                lower = false;
            }
            else if (c is < 'a' or > 'z')
            {
                return null;
            }
        }

        return lower;
    }

    private static bool GivenClose(string a, string b) =>
        Close(a, b) || (Math.Min(a.Length, b.Length) >= 3 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal)));

    private static bool Close(string a, string b) => IsWithinDistance(a, b, Math.Max(a.Length, b.Length) <= 4 ? 1 : 2);

    /// <summary>Whether the Levenshtein distance is at most <paramref name="max"/>, stopping as soon as it cannot be:
    /// a new child's name is compared with every stored child born the same day, and nearly all are far apart.</summary>
    public static bool IsWithinDistance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return false;
        }

        Span<int> previous = b.Length < 64 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 64 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                best = Math.Min(best, current[j]);
            }

            if (best > max)
            {
                return false; // every alignment already needs more edits
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length] <= max;
    }

    /// <summary>Levenshtein edit distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

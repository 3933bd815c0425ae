using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Beacon.Domain.Vocabulary;

/// <summary>One value of a coded list: the code stored and written to CSV and JSON, the plain-English label people see,
/// and any further spellings accepted in files and the API (the code and the label are always accepted).</summary>
public sealed record Term(string Code, string Label, params string[] Also);

/// <summary>
/// A coded list, defined once (ADR 19, issue #17 §4): every form, import, API, export and report takes its codes,
/// labels and accepted spellings from here, so a value is never valid through one door and refused through another.
/// Parsing ignores case and treats spaces, hyphens and underscores alike ("NO_APPARENT_RISK", "No apparent risk" and
/// "no-apparent-risk" are one spelling). As a dictionary it maps code to label, in the list's order.
/// </summary>
public sealed class CodeList : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, Term> byCode;
    private readonly Dictionary<string, Term> bySpelling = [];

    /// <param name="name">What the value is, in a sentence: "police risk".</param>
    /// <param name="terms">The values, in the order shown to people.</param>
    /// <param name="whenBlank">The value a blank means in files and the API, if a blank is a value (gender: not known).</param>
    public CodeList(string name, IReadOnlyList<Term> terms, Term? whenBlank = null)
    {
        Name = name;
        Terms = terms;
        WhenBlank = whenBlank;
        byCode = terms.ToDictionary(t => t.Code, StringComparer.Ordinal);
        foreach (var term in terms)
        {
            foreach (var spelling in Spellings(term))
            {
                if (bySpelling.TryGetValue(Key(spelling), out var other) && other != term)
                {
                    throw new ArgumentException($"'{spelling}' would mean both {other.Code} and {term.Code} in {name}");
                }

                bySpelling[Key(spelling)] = term;
            }
        }
    }

    public string Name { get; }

    public IReadOnlyList<Term> Terms { get; }

    public Term? WhenBlank { get; }

    /// <summary>The code, the label and the further spellings of a value: every spelling accepted for it.</summary>
    public static IEnumerable<string> Spellings(Term term) => new[] { term.Code, term.Label }.Concat(term.Also).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads a value as written in a file, the API or a form: any accepted spelling; a blank is
    /// <see cref="WhenBlank"/> when the list has one, otherwise not a value.</summary>
    public bool TryParse(string? text, [NotNullWhen(true)] out Term? term)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            term = WhenBlank;
            return term is not null;
        }

        return bySpelling.TryGetValue(Key(text), out term);
    }

    /// <summary>The code for an accepted spelling, or null.</summary>
    public string? Parse(string? text) => TryParse(text, out var term) ? term.Code : null;

    /// <summary>The label of a stored code: "Not recorded" when there is none; an unknown code is shown as it is.</summary>
    public string Label(string? code) => code is null ? "Not recorded" : byCode.TryGetValue(code, out var term) ? term.Label : code;

    /// <summary>The labels as a sentence's list: "high, medium, low or no apparent risk".</summary>
    public string Choices
    {
        get
        {
            var labels = Terms.Select(t => InSentence(t.Label)).ToList();
            return labels.Count == 1 ? labels[0] : $"{string.Join(", ", labels.SkipLast(1))} or {labels[^1]}";
        }
    }

    /// <summary>"Police risk must be high, medium, low or no apparent risk".</summary>
    public string MustBe => $"{char.ToUpperInvariant(Name[0])}{Name[1..]} must be {Choices}";

    /// <summary>A label inside a sentence: lower case first letter, unless it starts an abbreviation ("MACE panel").</summary>
    public static string InSentence(string label) =>
        label.Length > 1 && char.IsUpper(label[1]) ? label : char.ToLowerInvariant(label[0]) + label[1..];

    /// <summary>The form a spelling is compared in: lower case, with each run of spaces, hyphens and underscores one space.</summary>
    public static string Key(string text)
    {
        var key = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (c is ' ' or '-' or '_' or '\t')
            {
                if (key.Length > 0 && key[^1] != ' ')
                {
                    key.Append(' ');
                }
            }
            else
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString().TrimEnd();
    }

    public string this[string key] => byCode[key].Label;

    public IEnumerable<string> Keys => Terms.Select(t => t.Code);

    public IEnumerable<string> Values => Terms.Select(t => t.Label);

    public int Count => Terms.Count;

    public bool ContainsKey(string key) => byCode.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var found = byCode.TryGetValue(key, out var term);
        value = term?.Label;
        return found;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Terms.Select(t => KeyValuePair.Create(t.Code, t.Label)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

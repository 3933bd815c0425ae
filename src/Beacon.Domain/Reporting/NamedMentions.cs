using System.Text.RegularExpressions;

namespace Beacon.Domain.Reporting;

/// <summary>A named place or person in a free-text answer: <see cref="Key"/> compares mentions (lower case, no leading
/// "the"), <see cref="Phrase"/> is the words as the answer has them (the evidence to quote).</summary>
public sealed record NamedMention(string Key, string Phrase);

/// <summary>
/// Which words of a return interview's free-text answers name a place or a person (issue #17 §6: "What interviews tell
/// us" treated words like "nearby" as places and linked children falsely; only named places and people may link
/// children). A mention is either
/// <list type="number">
/// <item>a name Beacon already knows (an area of the partnership, a MACE location or adult), found in any case as whole
/// words, unless it is only common words; or</item>
/// <item>a proper noun: a run of capitalised words (joined by at most "of", "on", "upon", "under", "le" or "de"), with
/// leading titles ("Uncle", "Mr") and a leading "The" dropped, that still has a word that is not a common word
/// ("Bus Station" and "The Shop" are not names; "Hanley Bus Station" is). A run that starts a sentence loses its
/// first word if that is a common word, and a lone capitalised word that starts a sentence is not a name (its
/// capital says nothing), unless Beacon knows it.</item>
/// </list>
/// "I", days and months and family words ("Mum") are never names. The rule prefers missing a link to inventing one: a
/// link is a lead for a practitioner to check, shown with the phrases that made it.
/// </summary>
public static partial class NamedMentions
{
    private static readonly HashSet<string> Connectors = ["of", "on", "upon", "under", "le", "de"];

    private static readonly HashSet<string> Titles = ["uncle", "auntie", "aunty", "aunt", "cousin", "mr", "mrs", "ms", "miss", "dr"];

    private static readonly HashSet<string> NeverNames =
    [
        "i", "i'm", "i'd", "i've", "i'll", "mum", "mom", "mummy", "dad", "daddy", "nan", "nana", "nanna", "gran", "grandad", "grandma", "granddad",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "ok", "okay",
    ];

    /// <summary>Words too common to name anything: function words, and the everyday words for places and people.</summary>
    internal static readonly HashSet<string> CommonWords =
    [
        "a", "an", "the", "and", "or", "but", "so", "then", "at", "in", "on", "to", "into", "onto", "of", "off", "by", "from", "with", "without",
        "near", "nearby", "around", "round", "behind", "outside", "inside", "over", "under", "up", "down", "out", "back", "about", "after", "before",
        "just", "only", "also", "still", "again", "there", "here", "where", "when", "what", "who", "why", "how", "some", "someone", "somebody",
        "somewhere", "anywhere", "everywhere", "nowhere", "nobody", "no", "not", "none", "all", "any", "other", "others", "another", "this", "that",
        "these", "those", "it", "its", "he", "she", "we", "they", "you", "me", "him", "her", "us", "them", "my", "his", "our", "their", "your", "mine",
        "was", "were", "is", "are", "be", "been", "had", "has", "have", "did", "does", "do", "didn't", "don't", "went", "go", "going", "gone", "got",
        "get", "stayed", "stay", "slept", "sleep", "walked", "said", "says", "says", "told", "met", "saw", "seen", "came", "come", "left", "think",
        "thinks", "know", "knew", "maybe", "probably", "yes", "yeah", "nah", "last", "first", "next", "one", "two", "three", "lots", "few", "some",
        "night", "nights", "day", "days", "morning", "evening", "weekend", "today", "yesterday", "tonight", "late", "early",
        "home", "house", "houses", "flat", "flats", "place", "places", "shop", "shops", "park", "parks", "town", "city", "centre", "center",
        "street", "streets", "road", "roads", "lane", "estate", "station", "bus", "train", "car", "cars", "school", "college", "area", "local",
        "woods", "wood", "field", "fields", "garage", "garages", "alley", "canal", "river", "bridge", "underpass", "club", "pub", "cafe", "takeaway",
        "chippy", "mcdonald's", "friend", "friends", "friend's", "mate", "mates", "mate's", "boyfriend", "girlfriend", "family", "people", "person",
        "man", "men", "woman", "women", "boy", "boys", "girl", "girls", "lad", "lads", "guy", "guys", "older", "young", "new", "old", "big", "little",
        "brother", "sister", "cousin", "cousins", "uncle", "auntie", "aunt", "carer", "carers", "worker", "police", "called", "unknown", "male", "female", "someone's",
    ];

    /// <summary>The named places and people in <paramref name="text"/>, each once (by key), in the order they occur.
    /// <paramref name="knownNames"/> are the names Beacon already knows (areas, MACE locations and adults).</summary>
    public static IReadOnlyList<NamedMention> Find(string? text, KnownNames knownNames)
    {
        ArgumentNullException.ThrowIfNull(knownNames);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        text = text.Replace('’', '\'');
        var tokens = Word().Matches(text).Select((m, i) => new Token(m.Index, m.Length, Bare(m.Value), i == 0 || SentenceBreak().IsMatch(text[LastEnd(text, m.Index)..m.Index]))).ToList();
        var found = new List<NamedMention>();
        for (var i = 0; i < tokens.Count; i++)
        {
            foreach (var known in knownNames.StartingWith(tokens[i].Word.ToLowerInvariant()))
            {
                if (i + known.Count <= tokens.Count && Enumerable.Range(0, known.Count).All(j => string.Equals(tokens[i + j].Word, known[j], StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add(new NamedMention(string.Join(' ', known), Span(text, tokens[i], tokens[i + known.Count - 1])));
                }
            }
        }

        for (var i = 0; i < tokens.Count;)
        {
            if (!IsCapitalised(tokens[i]))
            {
                i++;
                continue;
            }

            var run = new List<Token> { tokens[i] };
            var j = i + 1;
            while (j < tokens.Count && OnlySpaces(text, run[^1], tokens[j]))
            {
                if (IsCapitalised(tokens[j]))
                {
                    run.Add(tokens[j++]);
                }
                else if (Connectors.Contains(tokens[j].Word) && j + 1 < tokens.Count && IsCapitalised(tokens[j + 1]) && OnlySpaces(text, tokens[j], tokens[j + 1]))
                {
                    run.Add(tokens[j]);
                    run.Add(tokens[j + 1]);
                    j += 2;
                }
                else
                {
                    break;
                }
            }

            i = j;
            if (Name(run) is { } name)
            {
                found.Add(new NamedMention(Key(string.Join(' ', name.Select(t => t.Word))), Span(text, name[0], name[^1])));
            }
        }

        return [.. found.DistinctBy(m => m.Key)];
    }

    /// <summary>How mentions compare: lower case, single spaces, no leading "the", no possessive "'s".</summary>
    public static string Key(string name)
    {
        var words = Words(name);
        return string.Join(' ', words.SkipWhile((w, i) => i == 0 && w == "the" && words.Count > 1));
    }

    private static List<Token>? Name(List<Token> run)
    {
        var start = 0;
        if (run[0].SentenceStart && run.Count == 1)
        {
            return null; // a lone word starting a sentence is capitalised by grammar, not because it names something
        }

        if (run[0].SentenceStart && CommonWords.Contains(run[0].Word.ToLowerInvariant()) && !Titles.Contains(run[0].Word.ToLowerInvariant()))
        {
            start = 1;
        }

        while (start < run.Count && (Titles.Contains(run[start].Word.ToLowerInvariant()) || run[start].Word.Equals("the", StringComparison.OrdinalIgnoreCase)))
        {
            start++;
        }

        var name = run[start..];
        while (name.Count > 0 && Connectors.Contains(name[^1].Word))
        {
            name = name[..^1];
        }

        return name.Count > 0 && !name.All(t => CommonWords.Contains(t.Word.ToLowerInvariant())) && !(name.Count == 1 && name[0].Word.Length < 2) ? name : null;
    }

    private static bool IsCapitalised(Token token) => char.IsUpper(token.Word[0]) && !NeverNames.Contains(token.Word.ToLowerInvariant());

    private static bool OnlySpaces(string text, Token before, Token after) => text[(before.Start + before.Length)..after.Start].All(c => c is ' ' or '\t');

    private static int LastEnd(string text, int index)
    {
        var end = index;
        while (end > 0 && !char.IsLetter(text[end - 1]))
        {
            end--;
        }

        return end;
    }

    private static string Span(string text, Token first, Token last) => text[first.Start..(last.Start + last.Word.Length)];

    internal static List<string> Words(string text) => [.. Word().Matches(text.Replace('’', '\'')).Select(m => Bare(m.Value).ToLowerInvariant())];

    /// <summary>The word without a possessive "'s" or a trailing apostrophe or hyphen.</summary>
    private static string Bare(string word) => word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) && word.Length > 2 ? word[..^2] : word.TrimEnd('\'', '-');

    private readonly record struct Token(int Start, int Length, string Word, bool SentenceStart);

    [GeneratedRegex(@"[A-Za-z][A-Za-z'\-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"[.!?:;\n]")]
    private static partial Regex SentenceBreak();
}

/// <summary>The names Beacon already knows (areas, MACE locations and adults), by their first word, as lower-case words
/// without a leading "the"; names made only of common words ("The Shop") are left out, since they name nothing.</summary>
public sealed class KnownNames
{
    private readonly Dictionary<string, List<IReadOnlyList<string>>> byFirstWord = [];

    public KnownNames(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var words in names.Select(n => NamedMentions.Key(n).Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length > 0 && w.Sum(x => x.Length) >= 3 && !w.All(NamedMentions.CommonWords.Contains)).DistinctBy(w => string.Join(' ', w)))
        {
            if (!byFirstWord.TryGetValue(words[0], out var list))
            {
                byFirstWord[words[0]] = list = [];
            }

            list.Add(words);
        }
    }

    public static KnownNames None { get; } = new([]);

    internal IEnumerable<IReadOnlyList<string>> StartingWith(string word) => byFirstWord.TryGetValue(word, out var list) ? list : [];
}

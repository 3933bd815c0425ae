using System.Text.RegularExpressions;

namespace Beacon.Domain.Outcomes;

/// <summary>A band of a life area's 1–10 scale and what it means, in the child's words.</summary>
public sealed record ScoreBand(int From, int To, string Text);

/// <summary>A life area: a stable code (what readings are compared by), a plain-English name and its bands.</summary>
public sealed record LifeArea(string Code, string Name, IReadOnlyList<ScoreBand> Bands)
{
    /// <summary>What a score means in this area (the band it falls in).</summary>
    public string? Describe(int score) => Bands.FirstOrDefault(b => score >= b.From && score <= b.To)?.Text;
}

/// <summary>
/// A version of the outcome framework. Source: issue #19 §1 — a versioned template like the Risk Factor Matrix: life
/// areas, each with a code, a plain-English name and a 1–10 scale with a short description of each band; published by
/// an administrator as JSON. Beacon ships its own wording; a service licensed for another tool loads its own.
/// </summary>
public sealed partial record OutcomeFramework(int Version, string Name, IReadOnlyList<LifeArea> Areas)
{
    /// <summary>The default area codes (issue #19 §1).</summary>
    public static readonly IReadOnlyList<string> DefaultCodes =
    [
        "BEING_SAFE", "HEALTH_AND_WELLBEING", "HOME", "FAMILY_RELATIONSHIPS", "FEELINGS_AND_BEHAVIOUR", "FRIENDS_AND_COMMUNITY", "EDUCATION_TRAINING_WORK", "CONFIDENCE_AND_IDENTITY",
    ];

    public LifeArea? Area(string code) => Areas.FirstOrDefault(a => a.Code == code);

    /// <summary>Problems that make the framework unusable (empty means valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            problems.Add("The framework needs a name of 200 characters or fewer.");
        }

        if (Areas.Count is < 1 or > 12)
        {
            problems.Add("The framework needs between 1 and 12 life areas.");
        }

        foreach (var duplicate in Areas.GroupBy(a => a.Code).Where(g => g.Count() > 1))
        {
            problems.Add($"The area code {duplicate.Key} is used more than once.");
        }

        foreach (var area in Areas)
        {
            if (area.Code is null || !CodePattern().IsMatch(area.Code))
            {
                problems.Add($"The area code \"{area.Code}\" must be capital letters, digits and underscores, up to 50 (e.g. BEING_SAFE).");
            }

            if (string.IsNullOrWhiteSpace(area.Name) || area.Name.Length > 100)
            {
                problems.Add($"The area {area.Code} needs a name of 100 characters or fewer.");
            }

            if (!Covers(area.Bands))
            {
                problems.Add($"The bands of {area.Code} must cover 1 to 10 in order, without gaps or overlaps, each with a text of 300 characters or fewer.");
            }
        }

        return problems;
    }

    private static bool Covers(IReadOnlyList<ScoreBand>? bands)
    {
        if (bands is null || bands.Count == 0)
        {
            return false;
        }

        var next = OutcomeMeasure.Lowest;
        foreach (var band in bands)
        {
            if (band is null || band.From != next || band.To < band.From || string.IsNullOrWhiteSpace(band.Text) || band.Text.Length > 300)
            {
                return false;
            }

            next = band.To + 1;
        }

        return next == OutcomeMeasure.Highest + 1;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,49}$")]
    private static partial Regex CodePattern();
}

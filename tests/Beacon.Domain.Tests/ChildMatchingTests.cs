using Beacon.Domain.Missing;

namespace Beacon.Domain.Tests;

public class ChildMatchingTests
{
    [Theory]
    [InlineData("Jayden", "Smith", "Jayden", "Smith")]
    [InlineData("Jayden", "Smith", "Jaydon", "Smyth")] // spelling
    [InlineData("Zoë", "O'Neill", "Zoe", "ONeill")] // accents and punctuation
    [InlineData("Alexandra", "Cole", "Alex", "Cole")] // shortened given name
    [InlineData("Cole", "Alexandra", "Alexandra", "Cole")] // swapped
    public void Possible_matches(string givenA, string familyA, string givenB, string familyB) =>
        Assert.True(ChildMatching.IsPossibleMatch(givenA, familyA, givenB, familyB));

    [Theory]
    [InlineData("Jayden", "Smith", "Jayden", "Jones")]
    [InlineData("Amy", "Lee", "Zoe", "Lee")]
    [InlineData("Ann", "Day", "Ian", "Dye")] // short names allow only one edit
    [InlineData("", "Smith", "Jayden", "Smith")]
    public void Not_matches(string givenA, string familyA, string givenB, string familyB) =>
        Assert.False(ChildMatching.IsPossibleMatch(givenA, familyA, givenB, familyB));

    [Fact]
    public void Edit_distance() => Assert.Equal(3, ChildMatching.Distance("kitten", "sitting"));

    /// <summary>The bounded test agrees with the full distance at and either side of each bound, for names of every
    /// length relation (the early exits must never change an answer).</summary>
    [Theory]
    [InlineData("kitten", "sitting")]
    [InlineData("smith", "smyth")]
    [InlineData("ann", "ian")]
    [InlineData("alexandra", "alex")]
    [InlineData("abcdef", "fedcba")]
    [InlineData("", "ab")]
    [InlineData("oneill", "oneil")]
    [InlineData("jaydenn", "jayden")]
    public void Bounded_distance_agrees_with_the_full_distance(string a, string b)
    {
        var distance = ChildMatching.Distance(a, b);
        for (var max = 0; max <= distance + 1; max++)
        {
            Assert.Equal(distance <= max, ChildMatching.IsWithinDistance(a, b, max));
            Assert.Equal(distance <= max, ChildMatching.IsWithinDistance(b, a, max));
        }
    }

    [Theory]
    [InlineData("rowan", "rowan")]
    [InlineData("Rowan", "rowan")]
    [InlineData("Zoë", "zoe")]
    [InlineData("O'Neill-Smith", "oneillsmith")]
    [InlineData("ÅSA", "asa")]
    public void Normalised_names_are_lower_case_letters_without_accents(string name, string expected) =>
        Assert.Equal(expected, ChildMatching.Normalise(name));
}

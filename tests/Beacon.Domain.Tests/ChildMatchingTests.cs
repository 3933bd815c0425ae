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
}

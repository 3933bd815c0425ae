using Beacon.Domain.Vocabulary;

namespace Beacon.Domain.Tests;

/// <summary>Issue #17 §4, ADR 19: one vocabulary. Every accepted spelling of every list reads as its code, however it is
/// cased or spaced; nothing else does.</summary>
public class VocabularyTests
{
    public static TheoryData<string, string, string> EverySpelling()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var list in Codes.All)
        {
            foreach (var term in list.Terms)
            {
                foreach (var spelling in CodeList.Spellings(term))
                {
                    data.Add(list.Name, spelling, term.Code);
                }
            }
        }

        return data;
    }

    private static CodeList Named(string name) => Codes.All.Single(l => l.Name == name);

    [Theory]
    [MemberData(nameof(EverySpelling))]
    public void Every_accepted_spelling_reads_as_its_code_in_any_case_and_spacing(string list, string spelling, string code)
    {
        var codes = Named(list);
        foreach (var written in new[] { spelling, spelling.ToUpperInvariant(), spelling.ToLowerInvariant(), $"  {spelling} ", spelling.Replace(' ', '_'), spelling.Replace('_', ' '), spelling.Replace(' ', '-') })
        {
            Assert.True(codes.TryParse(written, out var term), $"'{written}' is not read as {list}");
            Assert.Equal(code, term.Code);
        }
    }

    [Theory]
    [InlineData("F", "female")]
    [InlineData("m", "male")]
    [InlineData("U", "not-known")]
    [InlineData("not known", "not-known")]
    [InlineData("Not-Known", "not-known")]
    [InlineData("", "not-known")]
    [InlineData("   ", "not-known")]
    [InlineData(null, "not-known")]
    public void Gender_takes_the_police_letters_and_a_blank_is_not_known(string? written, string code) =>
        Assert.Equal(code, Codes.Gender.Parse(written));

    [Theory]
    [InlineData("WBRI", "WBRI")]
    [InlineData("wbri", "WBRI")]
    [InlineData("White British", "WBRI")]
    [InlineData("Gypsy/Roma", "WROM")]
    [InlineData("no_apparent_risk", null)]
    [InlineData("", null)]
    public void Ethnicity_takes_a_DfE_code_or_its_description_and_a_blank_is_not_a_value(string written, string? code) =>
        Assert.Equal(code, Codes.Ethnicity.Parse(written));

    [Theory]
    [InlineData("NO_APPARENT_RISK")]
    [InlineData("No apparent risk")]
    [InlineData("no-apparent-risk")]
    public void Police_risk_reads_the_code_and_the_words_alike(string written) => Assert.Equal("NO_APPARENT_RISK", Codes.PoliceRisk.Parse(written));

    [Theory]
    [InlineData("HIGHEST")]
    [InlineData("H")]
    [InlineData("")]
    [InlineData("female")]
    public void Anything_else_is_not_a_police_risk(string written) => Assert.False(Codes.PoliceRisk.TryParse(written, out _));

    [Fact]
    public void Messages_list_the_labels_in_plain_English()
    {
        Assert.Equal("Police risk must be high, medium, low or no apparent risk", Codes.PoliceRisk.MustBe);
        Assert.Equal("Gender must be female, male, other or not known", Codes.Gender.MustBe);
        Assert.Equal("Pathway must be key work or MACE panel", Codes.ReferralPathway.MustBe);
    }

    [Fact]
    public void Labels_are_shown_for_codes_and_a_missing_code_is_not_recorded()
    {
        Assert.Equal("White British", Codes.Ethnicity.Label("WBRI"));
        Assert.Equal("No apparent risk", Codes.PoliceRisk.Label("NO_APPARENT_RISK"));
        Assert.Equal("Not recorded", Codes.Venue.Label(null));
        Assert.Equal("SOMETHING_OLD", Codes.Venue.Label("SOMETHING_OLD"));
    }

    [Fact]
    public void No_spelling_means_two_values_and_the_dictionary_keeps_the_lists_order()
    {
        Assert.Throws<ArgumentException>(() => new CodeList("test", [new("A", "Alpha"), new("B", "Beta", "alpha")]));
        Assert.Equal(["HIGH", "MEDIUM", "LOW", "NO_APPARENT_RISK"], Codes.PoliceRisk.Keys);
        Assert.Equal(20, Codes.Ethnicity.Count);
    }
}

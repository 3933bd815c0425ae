using Beacon.Domain.Reporting;

namespace Beacon.Domain.Tests;

/// <summary>Issue #17 §6: only named places and people link children in "What interviews tell us"; everyday words, common
/// nouns and capitals that only start a sentence name nothing.</summary>
public class NamedMentionTests
{
    private static readonly KnownNames Known = new(["Stafford", "Stoke-on-Trent", "Newcastle-under-Lyme", "The Shop", "Park", "The Crown", "Vance Synthetic"]);

    private static List<string> Keys(string text) => [.. NamedMentions.Find(text, Known).Select(m => m.Key)];

    [Theory]
    [InlineData("Nearby.")]
    [InlineData("We stayed nearby, near the shop.")]
    [InlineData("Nearby")]
    [InlineData("Home")]
    [InlineData("Went home. Home is where I sleep.")]
    [InlineData("At the shop")]
    [InlineData("The Shop")]
    [InlineData("the shop on the corner")]
    [InlineData("Stayed at a friend's house in town")]
    [InlineData("Behind the shops. Outside the station. Around the park.")]
    [InlineData("I don't know. I went out on Friday in March with Mum.")]
    [InlineData("Bus Station")]
    [InlineData("went to the Park with some Mates")]
    [InlineData("Nobody")]
    [InlineData("")]
    [InlineData(null)]
    public void Everyday_words_common_nouns_and_sentence_initial_capitals_name_nothing(string? text) => Assert.Empty(NamedMentions.Find(text, Known));

    [Theory]
    [InlineData("Stayed at Riverside Car Park with friends.", "riverside car park")]
    [InlineData("At Riverside Car Park", "riverside car park")]
    [InlineData("The Riverside Car Park", "riverside car park")]
    [InlineData("Went to Hanley Bus Station", "hanley bus station")]
    [InlineData("a flat in Newcastle under Lyme", "newcastle under lyme")]
    [InlineData("went to stafford on the train", "stafford")]
    [InlineData("Stafford.", "stafford")]
    [InlineData("Stoke-on-Trent", "stoke-on-trent")]
    [InlineData("in newcastle-under-lyme", "newcastle-under-lyme")]
    [InlineData("drinking at the crown", "crown")]
    [InlineData("With Dez and his cousin", "dez")]
    [InlineData("Uncle Dez", "dez")]
    [InlineData("A man called Dez", "dez")]
    [InlineData("stayed at Dez's flat", "dez")]
    [InlineData("Dez’s flat, with vance synthetic", "vance synthetic")]
    public void Proper_nouns_and_names_Beacon_knows_are_named_mentions(string text, string key) => Assert.Contains(key, Keys(text));

    [Fact]
    public void Each_name_in_an_answer_is_found_once_with_the_words_the_child_used()
    {
        var mentions = NamedMentions.Find("I went with Jay and Kyle to Jay's. Then Kyle and I went to STAFFORD station.", Known);
        Assert.Equal(["jay", "kyle", "stafford"], mentions.Select(m => m.Key).Order());
        Assert.Equal("STAFFORD", mentions.Single(m => m.Key == "stafford").Phrase);
        Assert.Equal("Jay", mentions.Single(m => m.Key == "jay").Phrase);
    }

    [Fact]
    public void A_title_a_leading_the_and_a_possessive_do_not_change_who_or_where_is_named()
    {
        Assert.Equal(NamedMentions.Key("Dez"), Keys("Uncle Dez").Single());
        Assert.Equal("riverside car park", NamedMentions.Key("The Riverside Car Park"));
        Assert.Equal(["dez"], Keys("We were at Mr Dez's"));
    }

    [Fact]
    public void Known_names_made_only_of_common_words_are_ignored()
    {
        var known = new KnownNames(["The Shop", "Park", "Home", "Unknown male"]);
        Assert.Empty(NamedMentions.Find("we went to the shop and the park, then home with an unknown male", known));
    }
}

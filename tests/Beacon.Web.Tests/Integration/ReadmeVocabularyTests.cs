using Beacon.Web.Features.Shared;

namespace Beacon.Web.Tests.Integration;

/// <summary>Issue #17 §4: the README's accepted values for coded CSV columns are generated from the one vocabulary
/// (<c>beacon vocabulary</c>), so they cannot drift from what the imports accept.</summary>
public class ReadmeVocabularyTests
{
    [Fact]
    public void The_readme_lists_exactly_the_accepted_values_of_the_vocabulary()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "Beacon.slnx")))
        {
            folder = folder.Parent;
        }

        var readme = File.ReadAllText(Path.Combine(folder.FullName, "README.md")).ReplaceLineEndings("\n");
        const string start = "<!-- coded-columns:start -->\n", end = "<!-- coded-columns:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var section = readme[from..readme.IndexOf(end, from, StringComparison.Ordinal)];
        Assert.True(section == CodedColumns.Markdown().ReplaceLineEndings("\n"), "The README's table of coded values is out of date: replace it with the output of `beacon vocabulary`.");
    }
}

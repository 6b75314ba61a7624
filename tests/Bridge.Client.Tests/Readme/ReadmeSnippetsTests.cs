using System.Text.RegularExpressions;
using Bridge.Testing;

namespace Bridge.Client.Tests.Readme;

/// <summary>
/// Every C# block of src/Client/README.md is a region of the compiled snippet files in this folder, line for line
/// (indentation aside), and every region is quoted: change one and this fails until the other follows.
/// </summary>
public sealed partial class ReadmeSnippetsTests
{
    [Fact]
    public void EveryCSharpBlockOfTheClientReadme_IsACompiledSnippet()
    {
        var regions = Regions();
        var blocks = ReadmeBlocks();

        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            Assert.True(
                regions.Values.Contains(block),
                "This README block is not in tests/Bridge.Client.Tests/Readme/*.cs (copy it into a snippet region there, "
                + "where it compiles):\n" + block);
        }
    }

    [Fact]
    public void EverySnippetRegion_IsQuotedInTheClientReadme()
    {
        var blocks = ReadmeBlocks();

        foreach (var (name, region) in Regions())
        {
            Assert.True(blocks.Contains(region), $"Snippet region '{name}' is not quoted in src/Client/README.md as it is:\n{region}");
        }
    }

    private static List<string> ReadmeBlocks() =>
        [.. CSharpBlock().Matches(File.ReadAllText(RepositoryRoot.Combine("src", "Client", "README.md"))).Select(m => Normalize(m.Groups["code"].Value))];

    private static Dictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine("tests", "Bridge.Client.Tests", "Readme"), "*.cs"))
        {
            foreach (Match match in SnippetRegion().Matches(File.ReadAllText(file)))
            {
                Assert.True(regions.TryAdd(match.Groups["name"].Value, Normalize(match.Groups["code"].Value)), "Duplicate snippet " + match.Groups["name"].Value);
            }
        }

        Assert.NotEmpty(regions);
        return regions;
    }

    // Trailing blanks and the block's common indentation removed, line ends as \n.
    private static string Normalize(string code)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length == 0 ? l : l[indent..]));
    }

    [GeneratedRegex(@"^```csharp[ \t]*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^[ \t]*#region snippet:(?<name>[a-z0-9-]+)[ \t]*\r?\n(?<code>.*?)^[ \t]*#endregion", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SnippetRegion();
}

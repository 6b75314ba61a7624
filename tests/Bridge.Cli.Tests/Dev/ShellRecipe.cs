using System.Text;

namespace Bridge.Cli.Tests.Dev;

/// <summary>
/// A shell recipe as a reader copies it out of the docs: the fenced <c>sh</c> block after a
/// <c>&lt;!-- recipe: NAME</c> marker, one command per entry (continuation lines joined, comments and blank lines
/// dropped), so that a test can run exactly what is written.
/// </summary>
internal static class ShellRecipe
{
    /// <summary>The commands of the block marked <paramref name="name"/> in <paramref name="markdown"/>.</summary>
    public static IReadOnlyList<string> Read(string markdown, string name)
    {
        var lines = markdown.Split('\n');
        var marker = Array.FindIndex(lines, l => l.StartsWith("<!-- recipe: " + name, StringComparison.Ordinal));
        Assert.True(marker >= 0, $"no '<!-- recipe: {name}' marker");
        Assert.Equal("```sh", lines[marker + 1].TrimEnd());

        var commands = new List<string>();
        var current = new StringBuilder();
        for (var i = marker + 2; !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
        {
            var line = lines[i].TrimEnd();
            if (current.Length == 0 && (line.Length == 0 || line.TrimStart().StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line.AsSpan(0, line.Length - 1)).Append(' ');
                continue;
            }

            commands.Add(current.Append(line).ToString());
            current.Clear();
        }

        return commands;
    }

    /// <summary>Splits a command into words as a POSIX shell does for the quoting used in the docs ('…', "…", \x, # comments).</summary>
    public static string[] Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '#' && !inWord)
            {
                break; // a comment runs to the end of the line
            }

            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    continue;
                case '\'':
                    var close = command.IndexOf('\'', i + 1);
                    Assert.True(close > 0, "unclosed ' in: " + command);
                    word.Append(command, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    for (i++; command[i] != '"'; i++)
                    {
                        Assert.False(command[i] is '$' or '`', "expansions in \"…\" are not supported: " + command);
                        word.Append(command[i] == '\\' ? command[++i] : command[i]);
                    }

                    break;
                case '\\':
                    word.Append(command[++i]);
                    break;
                default:
                    Assert.False(c is '$' or '`' or '|' or ';' or '&' or '>' or '<', "only simple commands are supported: " + command);
                    word.Append(c);
                    break;
            }

            inWord = true;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }
}

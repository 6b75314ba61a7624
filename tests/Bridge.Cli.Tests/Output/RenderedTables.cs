namespace Bridge.Cli.Tests.Output;

/// <summary>Reads Spectre tables back from plain-text console output, and checks how their cells were wrapped.</summary>
internal static class RenderedTables
{
    // WrappedText's boundaries: a word may be cut after one of these.
    private const string Boundaries = "/:,;=.-";

    // A run of this many hex digits or more (a serial number, a fingerprint) has no segments to keep whole.
    private const int OpaqueHexRun = 16;

    /// <summary>
    /// The blocks between the tables' horizontal borders (a header, then the body, or each row when rows are
    /// separated), each as its lines, each line as its trimmed cells.
    /// </summary>
    public static List<List<string[]>> Blocks(string output)
    {
        var blocks = new List<List<string[]>>();
        var block = new List<string[]>();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith('│'))
            {
                block.Add([.. line.Split('│')[1..^1].Select(c => c.Trim())]);
            }
            else if (block.Count > 0)
            {
                blocks.Add(block);
                block = [];
            }
        }

        return blocks;
    }

    /// <summary>
    /// Asserts that the <paramref name="lines"/> of one column are <paramref name="texts"/> (its cells, in order), each
    /// cut only at a space or line break or after a boundary character: never inside a word's segment. Inside a long
    /// hex number, which has no segments, any cut is allowed.
    /// </summary>
    public static void AssertCutAtBoundaries(IReadOnlyList<string> texts, IEnumerable<string> lines, int width)
    {
        var cell = 0;
        var position = 0;
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            while (cell < texts.Count && position == texts[cell].Length)
            {
                (cell, position) = (cell + 1, 0);
            }

            Assert.True(cell < texts.Count, $"width {width}: '{line}' is more than the cells' text");
            var text = texts[cell];
            Assert.True(text.AsSpan(position).StartsWith(line, StringComparison.Ordinal), $"width {width}: '{line}' does not continue '{text}' at {position}");
            position += line.Length;
            var cutAtBoundary = position == text.Length || text[position] is ' ' or '\n' || Boundaries.Contains(text[position - 1], StringComparison.Ordinal)
                || InsideHexRun(text, position);
            Assert.True(cutAtBoundary, $"width {width}: '{text}' was cut mid-word after '{line}'");
            position += position < text.Length && text[position] is ' ' or '\n' ? 1 : 0;
        }

        Assert.True(texts.Skip(cell + 1).All(t => t.Length == 0) && (cell == texts.Count || position == texts[cell].Length), $"width {width}: not all of the cells' text was shown");
    }

    private static bool InsideHexRun(string text, int cut)
    {
        var start = cut;
        while (start > 0 && char.IsAsciiHexDigit(text[start - 1]))
        {
            start--;
        }

        var end = cut;
        while (end < text.Length && char.IsAsciiHexDigit(text[end]))
        {
            end++;
        }

        return start < cut && cut < end && end - start >= OpaqueHexRun;
    }
}

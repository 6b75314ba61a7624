using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Bridge.Cli.Output;

/// <summary>
/// Plain text for table cells that wraps at spaces and, inside a word too long for the line, only after <c>/</c>,
/// <c>:</c>, <c>,</c>, <c>;</c> or <c>=</c> (never between two of them, so <c>spiffe://</c> stays whole); a segment
/// still too long (a long trust domain or path segment) breaks after <c>.</c> or <c>-</c>, between DNS labels and
/// hyphenated words. Spectre's own text folds a long word at the column edge, which cuts SPIFFE IDs and ARNs
/// mid-segment; a word is folded by characters here only when one of its pieces alone is wider than the column.
/// </summary>
internal sealed class WrappedText(string text, Style? style = null) : Renderable
{
    // The boundaries a word breaks at, coarsest first: a finer level is used only for a piece wider than the column.
    private static readonly string[] BoundaryLevels = ["/:,;=", ".-"];

    /// <summary>The lines <paramref name="text"/> takes in <paramref name="width"/> cells.</summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var separator = line.Length == 0 ? string.Empty : " ";
                if (Cells(line) + separator.Length + word.GetCellWidth() <= width)
                {
                    line.Append(separator).Append(word);
                    continue;
                }

                // A word that fits a line of its own moves there whole; only a longer one is cut, at its boundaries.
                Flush(lines, line);
                if (word.GetCellWidth() <= width)
                {
                    line.Append(word);
                    continue;
                }

                AppendPieces(lines, line, word, width, level: 0);
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>The narrowest width that needs no fold: the widest piece between the finest boundaries.</summary>
    public int MinWidth => BoundaryLevels
        .Aggregate(text.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries).AsEnumerable(), (pieces, boundaries) => pieces.SelectMany(p => Segments(p, boundaries)))
        .Select(p => p.GetCellWidth()).DefaultIfEmpty(0).Max();

    /// <summary>The width without any wrapping: the widest line.</summary>
    public int MaxWidth => text.Split('\n').Select(l => l.GetCellWidth()).Max();

    protected override Measurement Measure(RenderOptions options, int maxWidth) => new(Math.Min(MinWidth, maxWidth), Math.Min(MaxWidth, maxWidth));

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
        ((IRenderable)new Text(string.Join('\n', Wrap(text, Math.Max(1, maxWidth))), style)).Render(options, maxWidth);

    // Places a word's pieces cut at one level's boundaries, each on the line if it fits there, else on the next; a piece
    // wider than a whole line is cut at the next level's boundaries, and by characters after the last level.
    private static void AppendPieces(List<string> lines, StringBuilder line, string word, int width, int level)
    {
        foreach (var piece in Segments(word, BoundaryLevels[level]))
        {
            if (Cells(line) + piece.GetCellWidth() > width)
            {
                Flush(lines, line);
            }

            if (piece.GetCellWidth() <= width)
            {
                line.Append(piece);
            }
            else if (level + 1 < BoundaryLevels.Length)
            {
                AppendPieces(lines, line, piece, width, level + 1);
            }
            else
            {
                AppendFolded(lines, line, piece, width);
            }
        }
    }

    /// <summary>The word cut after each of <paramref name="boundaries"/> that is followed by something else than another one.</summary>
    private static IEnumerable<string> Segments(string word, string boundaries)
    {
        var start = 0;
        for (var i = 0; i < word.Length - 1; i++)
        {
            if (boundaries.Contains(word[i], StringComparison.Ordinal) && !boundaries.Contains(word[i + 1], StringComparison.Ordinal))
            {
                yield return word[start..(i + 1)];
                start = i + 1;
            }
        }

        yield return word[start..];
    }

    // The last resort: a segment wider than the whole column is folded by characters.
    private static void AppendFolded(List<string> lines, StringBuilder line, string segment, int width)
    {
        foreach (var character in segment)
        {
            if (Cells(line) + character.GetCellWidth() > width)
            {
                Flush(lines, line);
            }

            line.Append(character);
        }
    }

    private static void Flush(List<string> lines, StringBuilder line)
    {
        if (line.Length > 0)
        {
            lines.Add(line.ToString());
            line.Clear();
        }
    }

    private static int Cells(StringBuilder line) => line.ToString().GetCellWidth();
}

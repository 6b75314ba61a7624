using Spectre.Console;

namespace Bridge.Cli.Output;

/// <summary>
/// Column widths for a table of <see cref="WrappedText"/> cells. Spectre shrinks the widest wrappable column first when
/// a table is too wide, even below the width its longest segment needs, and then folds text mid-word; here a column is
/// narrowed only down to that width (its widest SPIFFE ID segment, ARN part or word), the widest column first.
/// </summary>
internal static class ColumnFit
{
    /// <summary>Sets the width of each column of <paramref name="table"/> so that <paramref name="rows"/> (the header first) fit <paramref name="consoleWidth"/>.</summary>
    public static void Apply(Table table, IReadOnlyList<IReadOnlyList<WrappedText>> rows, int consoleWidth)
    {
        var columns = table.Columns.Count;

        // A rounded table spends a border before each column and after the last, and one cell of padding each side.
        var available = consoleWidth - (3 * columns) - 1;
        var minimum = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].MinWidth)).ToArray();
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].MaxWidth)).ToArray();
        if (widths.Sum() <= available)
        {
            return; // everything fits unwrapped: Spectre sizes it
        }

        while (widths.Sum() > available)
        {
            var narrowable = Enumerable.Range(0, columns).Where(c => widths[c] > minimum[c]).ToList();
            if (narrowable.Count == 0)
            {
                break; // even at their minimum the columns do not fit: Spectre folds what it must
            }

            widths[narrowable.MaxBy(c => widths[c])]--;
        }

        for (var c = 0; c < columns; c++)
        {
            table.Columns[c].Width = widths[c];
        }
    }
}

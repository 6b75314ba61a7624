using Spectre.Console;

namespace Bridge.Cli.Output;

/// <summary>
/// The CLI's tables: rounded, every cell <see cref="WrappedText"/>, columns fitted to the console by
/// <see cref="ColumnFit"/>. Cells hold SPIFFE IDs, ARNs, X.509 names and selectors, which Spectre's own text would cut
/// mid-segment on an 80 to 120 column console; built here, they break only at spaces and after <c>/ : , ; =</c>.
/// </summary>
internal static class FittedTable
{
    /// <summary>A table of <paramref name="headers"/> and <paramref name="rows"/> (each as many cells as headers) that fits <paramref name="consoleWidth"/>.</summary>
    public static Table Create(string? title, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<WrappedText>> rows, int consoleWidth)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }

        List<IReadOnlyList<WrappedText>> all = [[.. headers.Select(h => new WrappedText(h))], .. rows];
        foreach (var header in all[0])
        {
            table.AddColumn(new TableColumn(header));
        }

        foreach (var row in rows)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(row.Count, headers.Count, nameof(rows));
            table.AddRow(row);
        }

        ColumnFit.Apply(table, all, consoleWidth);
        return table;
    }
}

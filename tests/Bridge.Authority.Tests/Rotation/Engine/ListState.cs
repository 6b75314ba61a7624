using System.Text;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Tests.Rotation.Engine;

/// <summary>The smallest state the engine can store: a list of names, one per line.</summary>
internal sealed record ListState(IReadOnlyList<string> Items)
{
    public ListState Add(string item) => new([.. Items, item]);
}

/// <summary>The list's wire format; a document of another shape is refused.</summary>
internal sealed class ListStateCodec : ISlotStateCodec<ListState>
{
    private ListStateCodec()
    {
    }

    public static ListState Empty { get; } = new([]);

    public static byte[] Encode(ListState state) => Encoding.UTF8.GetBytes("list\n" + string.Join('\n', state.Items));

    public static ListState Decode(ReadOnlySpan<byte> content, string documentName)
    {
        var lines = Encoding.UTF8.GetString(content).Split('\n');
        return lines[0] == "list"
            ? new ListState([.. lines.Skip(1).Where(l => l.Length > 0)])
            : throw new InvalidDataException($"'{documentName}' is not a list.");
    }
}

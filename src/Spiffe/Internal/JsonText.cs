using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Bridge.Spiffe.Internal;

/// <summary>Builds compact JSON text with a <see cref="Utf8JsonWriter"/> (AOT-safe, no reflection).</summary>
internal static class JsonText
{
    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

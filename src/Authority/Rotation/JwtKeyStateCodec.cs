using System.Text.Json;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Rotation;

/// <summary>Reads and writes the <c>jwt-keys</c> document, refusing anything this version cannot act on safely.</summary>
internal sealed class JwtKeyStateCodec : ISlotStateCodec<JwtKeyState>
{
    private JwtKeyStateCodec()
    {
    }

    public static JwtKeyState Empty => JwtKeyState.Empty;

    public static byte[] Encode(JwtKeyState state) => JsonSerializer.SerializeToUtf8Bytes(state, JwtKeyStateJsonContext.Default.JwtKeyState);

    /// <exception cref="InvalidDataException">The document is malformed, of an unknown format or inconsistent.</exception>
    public static JwtKeyState Decode(ReadOnlySpan<byte> content, string documentName) => Decode(content);

    /// <exception cref="InvalidDataException">The document is malformed, of an unknown format or inconsistent.</exception>
    public static JwtKeyState Decode(ReadOnlySpan<byte> content)
    {
        JwtKeyState? state;
        try
        {
            state = JsonSerializer.Deserialize(content, JwtKeyStateJsonContext.Default.JwtKeyState);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("The jwt-keys state document is not valid JSON of the expected shape.", e);
        }

        if (state is null || state.Slots is null)
        {
            throw new InvalidDataException("The jwt-keys state document is empty.");
        }

        // A newer format may mean rules this version does not know: refuse rather than rewrite it.
        if (state.Format != JwtKeyState.CurrentFormat)
        {
            throw new InvalidDataException($"The jwt-keys state document has format {state.Format}; this version reads format {JwtKeyState.CurrentFormat}.");
        }

        Validate(state);
        return state;
    }

    private static void Validate(JwtKeyState state)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var active = 0;
        var next = 0;
        foreach (var slot in state.Slots)
        {
            if (slot is null || !KeyIdRules.IsValid(slot.SlotId) || !ids.Add(slot.SlotId) ||
                !Enum.IsDefined(slot.Status) || !Enum.IsDefined(slot.KeyType))
            {
                throw new InvalidDataException("The jwt-keys state document holds an invalid or duplicate slot.");
            }

            var published = slot.Status != SlotStatus.Pending;
            if (published && (string.IsNullOrEmpty(slot.Kid) || slot.SubjectPublicKeyInfo is not { Length: > 0 }))
            {
                throw new InvalidDataException($"Slot {slot.SlotId} is {slot.Status} but has no public key.");
            }

            var complete = slot.Status switch
            {
                SlotStatus.Pending => slot.ClaimedAt is not null,
                SlotStatus.Prepared => slot.PreparedAt is not null,
                SlotStatus.Active => slot.ActivatedAt is not null,
                _ => slot.RetiredAt is not null && slot.PublishUntil is not null,
            };
            if (!complete)
            {
                throw new InvalidDataException($"Slot {slot.SlotId} lacks the times its status needs.");
            }

            active += slot.Status == SlotStatus.Active ? 1 : 0;
            next += slot.Status is SlotStatus.Pending or SlotStatus.Prepared ? 1 : 0;
        }

        if (active > 1 || next > 1)
        {
            throw new InvalidDataException("The jwt-keys state document has more than one active or next key.");
        }
    }
}

using System.Text.Json;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>Reads and writes a <see cref="CaSlotDocument"/> ("x509-ca", "upstream-root"); certificates are base64 DER.</summary>
internal sealed class CaSlotDocumentCodec : ISlotStateCodec<CaSlotDocument>
{
    private CaSlotDocumentCodec()
    {
    }

    public static CaSlotDocument Empty => CaSlotDocument.Empty;

    public static byte[] Encode(CaSlotDocument state) => JsonSerializer.SerializeToUtf8Bytes(state, CaSlotJsonContext.Default.CaSlotDocument);

    /// <exception cref="InvalidOperationException">The stored content is not a document this version understands.</exception>
    public static CaSlotDocument Decode(ReadOnlySpan<byte> content, string documentName)
    {
        CaSlotDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(content, CaSlotJsonContext.Default.CaSlotDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"State document '{documentName}' is not valid CA state.", ex);
        }

        if (document is null || document.Version != CaSlotDocument.CurrentVersion)
        {
            // Refuse rather than overwrite: a newer Bridge may have written it, and rewriting would lose its slots.
            throw new InvalidOperationException(
                $"State document '{documentName}' has format version {document?.Version}; this Bridge reads version {CaSlotDocument.CurrentVersion}.");
        }

        return document;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>
/// The state document of one namespace's envelope keys (<c>envelope-keys-&lt;namespace&gt;</c>): versioned JSON holding,
/// per key, only what is safe to store in the clear — the public key and the private key encrypted under the wrapping
/// key. Never the plaintext private key.
/// </summary>
internal sealed class EnvelopeKeyDocument
{
    /// <summary>The format this code writes; a document of any other version is refused, never guessed at.</summary>
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    [JsonPropertyName("keys")]
    public List<EnvelopeKeyEntry> Keys { get; set; } = [];

    public EnvelopeKeyEntry? Find(string keyId) => Keys.Find(k => string.Equals(k.Id, keyId, StringComparison.Ordinal));

    /// <summary>Reads a stored document.</summary>
    /// <exception cref="InvalidOperationException">The content is not a document of <see cref="CurrentVersion"/>.</exception>
    public static EnvelopeKeyDocument Parse(string documentName, ReadOnlySpan<byte> content)
    {
        EnvelopeKeyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(content, EnvelopeKeyJsonContext.Default.EnvelopeKeyDocument);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"State document '{documentName}' is not valid envelope key JSON.", exception);
        }

        if (document is null || document.Version != CurrentVersion)
        {
            throw new InvalidOperationException(
                $"State document '{documentName}' has format version {document?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; this Bridge reads version {CurrentVersion}.");
        }

        foreach (var entry in document.Keys)
        {
            if (string.IsNullOrEmpty(entry.Id) || string.IsNullOrEmpty(entry.KeyPairSpec)
                || entry.PublicKey is not { Length: > 0 } || entry.PrivateKeyCiphertext is not { Length: > 0 })
            {
                throw new InvalidOperationException($"State document '{documentName}' holds an incomplete key entry.");
            }
        }

        return document;
    }

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, EnvelopeKeyJsonContext.Default.EnvelopeKeyDocument);
}

using System.Security.Cryptography;
using System.Text;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Local.Keys;

/// <summary>
/// The content of one key file: a <c>Bridge-Key-Type:</c> line, then the PKCS#8 private key as a PEM
/// <c>PRIVATE KEY</c> block. The type line is explanatory text before the block (RFC 7468 §5.2), so OpenSSL
/// reads the file unchanged, and it lives in the same file as the key so one atomic rename replaces both.
/// </summary>
internal static class KeyFileFormat
{
    private const string KeyTypePrefix = "Bridge-Key-Type:";
    private const string PemLabel = "PRIVATE KEY";

    /// <summary>Encodes <paramref name="key"/>. The caller must zero the result once written.</summary>
    public static byte[] Encode(SoftwareKey key)
    {
        var pkcs8 = key.ExportPkcs8PrivateKey();
        char[]? pem = null;
        try
        {
            pem = PemEncoding.Write(PemLabel, pkcs8);
            var preamble = $"{KeyTypePrefix} {KeyTypeNames.ToName(key.KeyType)}\n";
            var content = new byte[preamble.Length + pem.Length + 1];
            var written = Encoding.ASCII.GetBytes(preamble, content);
            written += Encoding.ASCII.GetBytes(pem, content.AsSpan(written));
            content[written] = (byte)'\n';
            return content;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
            if (pem is not null)
            {
                Array.Clear(pem);
            }
        }
    }

    /// <summary>Decodes a key file. Throws <see cref="InvalidDataException"/> naming <paramref name="path"/> only.</summary>
    public static SoftwareKey Decode(string keyId, string path, ReadOnlySpan<byte> content)
    {
        var chars = new char[Encoding.UTF8.GetMaxCharCount(content.Length)];
        byte[]? der = null;
        try
        {
            int charCount;
            try
            {
                charCount = new UTF8Encoding(false, throwOnInvalidBytes: true).GetChars(content, chars);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException($"Key file '{path}' is not UTF-8 text.", e);
            }

            var text = chars.AsSpan(0, charCount);
            if (!PemEncoding.TryFind(text, out var fields) || !text[fields.Label].SequenceEqual(PemLabel))
            {
                throw new InvalidDataException($"Key file '{path}' does not hold a PEM '{PemLabel}' block.");
            }

            var keyType = ReadKeyType(text[..fields.Location.Start])
                ?? throw new InvalidDataException($"Key file '{path}' has no valid '{KeyTypePrefix}' line before the key.");

            der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(text[fields.Base64Data], der, out var derLength))
            {
                throw new InvalidDataException($"Key file '{path}' has a malformed PEM block.");
            }

            try
            {
                return SoftwareKey.ImportPkcs8(keyId, keyType, der.AsSpan(0, derLength));
            }
            catch (CryptographicException e)
            {
                throw new InvalidDataException(
                    $"Key file '{path}' does not hold a valid {KeyTypeNames.ToName(keyType)} PKCS#8 private key.", e);
            }
        }
        finally
        {
            Array.Clear(chars);
            if (der is not null)
            {
                CryptographicOperations.ZeroMemory(der);
            }
        }
    }

    private static KeyType? ReadKeyType(ReadOnlySpan<char> preamble)
    {
        foreach (var line in preamble.EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith(KeyTypePrefix, StringComparison.Ordinal))
            {
                return KeyTypeNames.TryParse(trimmed[KeyTypePrefix.Length..].Trim(), out var keyType) ? keyType : null;
            }
        }

        return null;
    }
}

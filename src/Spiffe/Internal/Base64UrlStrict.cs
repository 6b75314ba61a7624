using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Bridge.Spiffe.Internal;

/// <summary>
/// Unpadded, canonical base64url (RFC 7515 §2) with no whitespace or padding tolerated: JOSE data is signed and compared as
/// text, so lenient decoding would let two different strings mean the same bytes.
/// </summary>
internal static class Base64UrlStrict
{
    public static bool TryDecode(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsAlphabet(c))
            {
                return false;
            }
        }

        // The OperationStatus overload reports non-canonical trailing bits as InvalidData; the other overloads
        // (Try* included) throw, and crafted input must be a value, not a crash.
        var buffer = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, buffer, out var consumed, out var written) != OperationStatus.Done
            || consumed != text.Length)
        {
            return false;
        }

        bytes = written == buffer.Length ? buffer : buffer[..written];
        return true;
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    private static bool IsAlphabet(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}

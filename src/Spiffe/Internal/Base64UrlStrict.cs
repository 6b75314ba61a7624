using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Bridge.Spiffe.Internal;

/// <summary>
/// Unpadded base64url (RFC 7515 §2) with no whitespace or padding tolerated: JOSE data is signed and compared as
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

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    private static bool IsAlphabet(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}

using System.Buffers.Text;
using System.Text;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Nodes;

/// <summary>
/// Page tokens of <see cref="InMemoryNodeStore"/>: a version tag plus the base64url of the last agent ID returned.
/// Callers treat them as opaque; a malformed token is the caller's error.
/// </summary>
internal static class NodePageToken
{
    private const string Prefix = "n1.";

    public static string Encode(SpiffeId lastId) => Prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastId.ToString()));

    public static string Decode(string token)
    {
        if (token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length > Prefix.Length)
        {
            try
            {
                var id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length)));
                if (SpiffeId.TryParse(id, out _))
                {
                    return id;
                }
            }
            catch (FormatException)
            {
                // Reported below as a malformed token.
            }
        }

        throw new ArgumentException("The page token is malformed.", nameof(token));
    }
}

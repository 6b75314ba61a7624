using System.Buffers.Text;
using System.Text;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// Page tokens of <see cref="DynamoDbNodeStore"/>: a version tag plus the base64url of the last agent ID returned, which
/// becomes the query's exclusive start key. Callers treat them as opaque.
/// </summary>
internal static class DynamoDbNodePageToken
{
    private const string Prefix = "dn1.";

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

using System.Buffers.Text;
using System.Text;
using Bridge.Authority.Registration;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// Page tokens of <see cref="DynamoDbRegistrationStore"/>: a version tag plus the base64url of the last entry id
/// returned, which becomes the query's exclusive start key. Callers treat them as opaque.
/// </summary>
internal static class DynamoDbPageToken
{
    private const string Prefix = "d1.";

    public static string Encode(string lastId) => Prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastId));

    public static string Decode(string token)
    {
        if (token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length > Prefix.Length)
        {
            try
            {
                var id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length)));
                if (RegistrationEntryValidator.IsValidId(id))
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

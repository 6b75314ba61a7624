using System.Buffers.Text;
using System.Text;

namespace Bridge.Authority.Registration;

/// <summary>
/// Page tokens of the local stores: a version tag plus the base64url of the last id returned. Callers must treat them
/// as opaque; a malformed token is the caller's error.
/// </summary>
internal static class PageToken
{
    private const string Prefix = "v1.";

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

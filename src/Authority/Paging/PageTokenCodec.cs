using System.Buffers.Text;
using System.Text;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Paging;

/// <summary>
/// The page tokens of the registration and node stores: a version tag plus the base64url of the last id returned.
/// Each store has its own tag, so a token from another store is refused. Callers treat tokens as opaque; a malformed
/// token is the caller's error.
/// </summary>
public sealed class PageTokenCodec
{
    private readonly string _prefix;
    private readonly Func<string, bool> _isValidId;

    /// <summary>Creates a codec for tokens tagged <paramref name="prefix"/>.</summary>
    /// <param name="prefix">The version tag, e.g. <c>v1.</c>, unique to the store.</param>
    /// <param name="isValidId">Whether a decoded id is one the store could have returned.</param>
    public PageTokenCodec(string prefix, Func<string, bool> isValidId)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(isValidId);
        _prefix = prefix;
        _isValidId = isValidId;
    }

    /// <summary>Whether <paramref name="id"/> is a SPIFFE ID, for stores paged by agent ID.</summary>
    /// <param name="id">The decoded id.</param>
    /// <returns>True when <paramref name="id"/> parses as a SPIFFE ID.</returns>
    public static bool IsSpiffeId(string id) => SpiffeId.TryParse(id, out _);

    /// <summary>The token that continues after <paramref name="lastId"/>.</summary>
    /// <param name="lastId">The last id of the page.</param>
    /// <returns>The opaque token.</returns>
    public string Encode(string lastId) => _prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastId));

    /// <summary>The last id of the previous page, from its token.</summary>
    /// <param name="token">A token from <see cref="Encode"/>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The token is malformed or from another store.</exception>
    public string Decode(string token)
    {
        if (token.StartsWith(_prefix, StringComparison.Ordinal) && token.Length > _prefix.Length)
        {
            try
            {
                var id = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(_prefix.Length)));
                if (_isValidId(id))
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

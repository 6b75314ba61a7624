using System.Diagnostics.CodeAnalysis;

namespace Bridge.Spiffe.Id;

/// <summary>
/// A SPIFFE ID (SPIFFE-ID spec): <c>spiffe://&lt;trust-domain&gt;/&lt;path&gt;</c>. Parsing enforces every MUST of the
/// spec: the <c>spiffe</c> scheme, a lowercase trust domain of at most 255 bytes, no port, user info, query,
/// fragment or percent-encoding, path segments of letters, digits, '.', '-', '_' only, no empty, '.' or '..'
/// segments, no trailing slash, and at most 2048 bytes in all. The default value is the zero ID.
/// </summary>
public readonly struct SpiffeId : IEquatable<SpiffeId>, IParsable<SpiffeId>
{
    /// <summary>Implementations must support IDs up to this many bytes and should not generate longer ones.</summary>
    public const int MaxLength = 2048;

    private const string Scheme = "spiffe://";

    private readonly string? _id;
    private readonly int _pathStart;

    private SpiffeId(string id, int pathStart)
    {
        _id = id;
        _pathStart = pathStart;
    }

    /// <summary>The trust domain of this ID.</summary>
    public TrustDomain TrustDomain =>
        _id is null ? default : TrustDomain.FromValidatedName(_id[Scheme.Length.._pathStart]);

    /// <summary>The path, for example <c>/ns/prod/sa/web</c>; empty for a trust domain's own ID.</summary>
    public string Path => _id is null ? string.Empty : _id[_pathStart..];

    /// <summary>True for the default (unset) value.</summary>
    public bool IsZero => _id is null;

    /// <summary>True when the ID has no path (the ID of a trust domain or of a signing authority).</summary>
    public bool IsRoot => _id is not null && _pathStart == _id.Length;

    /// <summary>Parses a SPIFFE ID.</summary>
    /// <exception cref="FormatException">The value is not a valid SPIFFE ID.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    public static SpiffeId Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out var id, out var error) ? id : throw new FormatException($"Invalid SPIFFE ID: {error}.");
    }

    /// <inheritdoc/>
    public static SpiffeId Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out SpiffeId result) =>
        TryParse(s, out result, out _);

    /// <summary>Parses a SPIFFE ID.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out SpiffeId result) => TryParse(s, out result, out _);

    /// <summary>Parses and reports why a value was rejected (the reason is safe to show to an operator).</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out SpiffeId result, [NotNullWhen(false)] out string? error)
    {
        result = default;
        if (string.IsNullOrEmpty(s))
        {
            error = SpiffeIdErrors.Empty;
            return false;
        }

        // Every allowed character is ASCII; a longer string is too long in bytes too.
        if (s.Length > MaxLength)
        {
            error = SpiffeIdErrors.TooLong;
            return false;
        }

        if (!s.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = SpiffeIdErrors.WrongScheme;
            return false;
        }

        var rest = s.AsSpan(Scheme.Length);
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        if (authority.IsEmpty)
        {
            error = SpiffeIdErrors.TrustDomainMissing;
            return false;
        }

        if (authority.IndexOfAny(':', '@') >= 0)
        {
            error = SpiffeIdErrors.PortOrUserInfo;
            return false;
        }

        if (rest.IndexOfAny('?', '#') >= 0)
        {
            error = SpiffeIdErrors.QueryOrFragment;
            return false;
        }

        if (rest.IndexOf('%') >= 0)
        {
            error = SpiffeIdErrors.PercentEncoded;
            return false;
        }

        if (!TrustDomain.IsValidName(authority, out error))
        {
            return false;
        }

        var path = slash < 0 ? ReadOnlySpan<char>.Empty : rest[slash..];
        if (!ValidatePath(path, out error))
        {
            return false;
        }

        result = new SpiffeId(s, Scheme.Length + authority.Length);
        return true;
    }

    /// <summary>Checks that <paramref name="path"/> is empty or a valid SPIFFE ID path.</summary>
    public static bool ValidatePath(ReadOnlySpan<char> path, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (path.IsEmpty)
        {
            return true;
        }

        if (path[0] != '/')
        {
            error = SpiffeIdErrors.NoLeadingSlash;
            return false;
        }

        var remaining = path[1..];
        while (true)
        {
            var next = remaining.IndexOf('/');
            var segment = next < 0 ? remaining : remaining[..next];
            if (segment.IsEmpty)
            {
                error = next < 0 ? SpiffeIdErrors.TrailingSlash : SpiffeIdErrors.EmptySegment;
                return false;
            }

            if (segment is "." or "..")
            {
                error = SpiffeIdErrors.DotSegment;
                return false;
            }

            foreach (var c in segment)
            {
                if (!IsPathChar(c))
                {
                    error = SpiffeIdErrors.BadPathSegmentChar;
                    return false;
                }
            }

            if (next < 0)
            {
                return true;
            }

            remaining = remaining[(next + 1)..];
        }
    }

    /// <summary>Builds the ID <c>spiffe://td/path</c>.</summary>
    /// <exception cref="FormatException">The trust domain is zero or the path is invalid.</exception>
    public static SpiffeId FromPath(TrustDomain trustDomain, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (trustDomain.IsZero)
        {
            throw new FormatException($"Invalid SPIFFE ID: {SpiffeIdErrors.TrustDomainMissing}.");
        }

        if (!ValidatePath(path, out var error))
        {
            throw new FormatException($"Invalid SPIFFE ID path: {error}.");
        }

        var id = Scheme + trustDomain.Name + path;
        if (id.Length > MaxLength)
        {
            throw new FormatException($"Invalid SPIFFE ID: {SpiffeIdErrors.TooLong}.");
        }

        return new SpiffeId(id, Scheme.Length + trustDomain.Name.Length);
    }

    /// <summary>Builds the ID from path segments, each validated (go-spiffe <c>FromSegments</c>).</summary>
    /// <exception cref="FormatException">The trust domain is zero or a segment is invalid.</exception>
    public static SpiffeId FromSegments(TrustDomain trustDomain, params ReadOnlySpan<string> segments)
    {
        var path = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            // A '/' inside one segment would smuggle in extra segments; ValidatePath alone cannot tell.
            if (segment is null || segment.Contains('/', StringComparison.Ordinal))
            {
                throw new FormatException($"Invalid SPIFFE ID path: {SpiffeIdErrors.BadPathSegmentChar}.");
            }

            path.Append('/').Append(segment);
        }

        return FromPath(trustDomain, path.ToString());
    }

    /// <summary>True when this ID belongs to <paramref name="trustDomain"/>.</summary>
    public bool MemberOf(TrustDomain trustDomain) => !IsZero && TrustDomain == trustDomain;

    /// <summary>The ID as a <see cref="Uri"/>.</summary>
    /// <remarks>
    /// <see cref="Uri"/> normalizes a root ID to <c>spiffe://td/</c> (trailing slash), which is not a valid SPIFFE ID.
    /// When encoding a root ID into a URI SAN, write <see cref="ToString"/> instead.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The ID is the zero value.</exception>
    public Uri ToUri() =>
        _id is null ? throw new InvalidOperationException("The zero SPIFFE ID has no URI.") : new(_id, UriKind.Absolute);

    /// <inheritdoc/>
    public bool Equals(SpiffeId other) => string.Equals(_id, other._id, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SpiffeId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _id is null ? 0 : StringComparer.Ordinal.GetHashCode(_id);

    /// <inheritdoc/>
    public override string ToString() => _id ?? string.Empty;

    /// <summary>Equality operator.</summary>
    public static bool operator ==(SpiffeId left, SpiffeId right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(SpiffeId left, SpiffeId right) => !left.Equals(right);

    internal static SpiffeId FromValidatedParts(TrustDomain trustDomain, string path) =>
        new(Scheme + trustDomain.Name + path, Scheme.Length + trustDomain.Name.Length);

    private static bool IsPathChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_';
}

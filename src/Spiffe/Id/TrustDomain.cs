using System.Diagnostics.CodeAnalysis;

namespace Bridge.Spiffe.Id;

/// <summary>
/// A SPIFFE trust domain name (SPIFFE-ID spec §2.1): lowercase letters, digits, '.', '-' and '_', at most
/// 255 bytes. The default value is the zero trust domain; check <see cref="IsZero"/>.
/// </summary>
public readonly struct TrustDomain : IEquatable<TrustDomain>, IParsable<TrustDomain>
{
    /// <summary>RFC 3986 limits a host to 255 bytes; the SPIFFE-ID spec adopts that limit.</summary>
    public const int MaxLength = 255;

    private readonly string? _name;

    private TrustDomain(string name) => _name = name;

    /// <summary>The trust domain name, for example <c>example.org</c>.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>True for the default (unset) value.</summary>
    public bool IsZero => _name is null;

    /// <summary>The SPIFFE ID of the trust domain itself: <c>spiffe://example.org</c> (no path).</summary>
    /// <remarks>The zero trust domain has the zero ID.</remarks>
    public SpiffeId Id => IsZero ? default : SpiffeId.FromValidatedParts(this, string.Empty);

    /// <summary>Parses a trust domain name, or a SPIFFE ID whose trust domain is taken.</summary>
    /// <exception cref="FormatException">The value is not a valid trust domain.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    public static TrustDomain Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out var td, out var error) ? td : throw new FormatException($"Invalid trust domain: {error}.");
    }

    /// <inheritdoc/>
    public static TrustDomain Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out TrustDomain result) =>
        TryParse(s, out result, out _);

    /// <summary>Parses a trust domain name, or a SPIFFE ID whose trust domain is taken.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out TrustDomain result) => TryParse(s, out result, out _);

    /// <summary>Parses and reports why a value was rejected (the reason is safe to show to an operator).</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out TrustDomain result, [NotNullWhen(false)] out string? error)
    {
        result = default;
        if (string.IsNullOrEmpty(s))
        {
            error = SpiffeIdErrors.TrustDomainMissing;
            return false;
        }

        if (s.Contains(":/", StringComparison.Ordinal))
        {
            if (!SpiffeId.TryParse(s, out var id, out error))
            {
                return false;
            }

            result = id.TrustDomain;
            return true;
        }

        if (!IsValidName(s, out error))
        {
            return false;
        }

        result = new TrustDomain(s);
        return true;
    }

    /// <summary>Returns the SPIFFE ID with the given path (which must be empty or a valid SPIFFE path).</summary>
    /// <exception cref="FormatException">The path is not valid.</exception>
    public SpiffeId IdFromPath(string path) => SpiffeId.FromPath(this, path);

    /// <inheritdoc/>
    public bool Equals(TrustDomain other) => string.Equals(_name, other._name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TrustDomain other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _name is null ? 0 : StringComparer.Ordinal.GetHashCode(_name);

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Equality operator.</summary>
    public static bool operator ==(TrustDomain left, TrustDomain right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(TrustDomain left, TrustDomain right) => !left.Equals(right);

    internal static TrustDomain FromValidatedName(string name) => new(name);

    internal static bool IsValidName(ReadOnlySpan<char> name, [NotNullWhen(false)] out string? error)
    {
        if (name.IsEmpty)
        {
            error = SpiffeIdErrors.TrustDomainMissing;
            return false;
        }

        // Every allowed character is ASCII, so the character count is the byte count.
        if (name.Length > MaxLength)
        {
            error = SpiffeIdErrors.TrustDomainTooLong;
            return false;
        }

        foreach (var c in name)
        {
            if (!IsTrustDomainChar(c))
            {
                error = SpiffeIdErrors.BadTrustDomainChar;
                return false;
            }
        }

        error = null;
        return true;
    }

    internal static bool IsTrustDomainChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_';
}

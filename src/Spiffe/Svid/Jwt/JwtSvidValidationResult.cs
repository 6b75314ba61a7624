using System.Diagnostics.CodeAnalysis;

namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>The outcome of <see cref="JwtSvidValidator.Validate"/>: a validated SVID, or a stable reason.</summary>
public sealed class JwtSvidValidationResult
{
    private JwtSvidValidationResult(JwtSvid? svid, string? error)
    {
        Svid = svid;
        Error = error;
    }

    /// <summary>True when the token is a valid JWT-SVID for the audience.</summary>
    [MemberNotNullWhen(true, nameof(Svid))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Svid is not null;

    /// <summary>The validated SVID; null on failure.</summary>
    public JwtSvid? Svid { get; }

    /// <summary>Why validation failed (a stable, operator-safe string that never quotes the token); null on success.</summary>
    public string? Error { get; }

    internal static JwtSvidValidationResult Success(JwtSvid svid) => new(svid, null);

    internal static JwtSvidValidationResult Failure(string error) => new(null, error);
}

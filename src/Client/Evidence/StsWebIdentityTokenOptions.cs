namespace Bridge.Client.Evidence;

/// <summary>
/// How <see cref="StsWebIdentityTokenProvider"/> asks AWS STS <c>GetWebIdentityToken</c> for evidence. Validated by
/// <see cref="StsWebIdentityTokenOptionsValidator"/>.
/// </summary>
public sealed class StsWebIdentityTokenOptions
{
    /// <summary>The RS256 signing algorithm: the default, because an RSA signature is the cheapest to verify.</summary>
    public const string Rs256 = "RS256";

    /// <summary>The ES384 signing algorithm (smaller tokens, slower verification).</summary>
    public const string Es384 = "ES384";

    /// <summary>The shortest token lifetime STS issues.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(60);

    /// <summary>The longest token lifetime STS issues.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(3600);

    /// <summary>Bridge's audience (the <c>aud</c> its exchange requires). Required, at most 1000 characters.</summary>
    public string? Audience { get; set; }

    /// <summary><see cref="Rs256"/> (default) or <see cref="Es384"/>.</summary>
    public string SigningAlgorithm { get; set; } = Rs256;

    /// <summary>
    /// The token lifetime, whole seconds within 60–3600; default 5 minutes. The token is spent in one exchange right
    /// away, so short is better: a leaked token is useful only until it expires or Bridge sees it.
    /// </summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// The AWS Region whose STS endpoint issues the tokens (for example <c>eu-west-1</c>). Required: the global STS
    /// endpoint does not serve <c>GetWebIdentityToken</c>.
    /// </summary>
    public string? Region { get; set; }
}

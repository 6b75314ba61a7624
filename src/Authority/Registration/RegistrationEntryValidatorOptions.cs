using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

/// <summary>What <see cref="RegistrationEntryValidator"/> checks entries against.</summary>
public sealed class RegistrationEntryValidatorOptions
{
    /// <summary>The trust domain every entry's SPIFFE ID and parent ID must belong to.</summary>
    public required TrustDomain TrustDomain { get; init; }

    /// <summary>The longest X.509-SVID lifetime an entry may ask for (default 7 days, SPIRE's cap).</summary>
    public TimeSpan MaxX509SvidTtl { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The longest JWT-SVID lifetime an entry may ask for; pass <c>AuthorityOptions.MaxJwtSvidTtl</c> (default 1 hour).
    /// </summary>
    public TimeSpan MaxJwtSvidTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The placeholder names SPIFFE ID templates may use, for example the template values the configured attestors
    /// produce. Null accepts any well-formed name; a placeholder that no attestor fills then simply never renders.
    /// </summary>
    public IReadOnlySet<string>? AllowedPlaceholderNames { get; init; }
}

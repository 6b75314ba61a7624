using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Upstream;
using Bridge.Authority;
using Bridge.Authority.Ca;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Local.State;
using Bridge.Authority.Rotation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Testing.Authority;

/// <summary>
/// The authority's signers as one process without shared state would build them (tests, benchmarks): each over a
/// private <see cref="InMemoryAuthorityStateStore"/>, so two of them never agree on a key, a CA or a root. Built
/// through the same public constructors the service uses; nothing here exists in the production types.
/// </summary>
public static class SingleProcessAuthority
{
    /// <summary>
    /// The longest key lifetime rotation allows: the issuer's key is prepared for replacement only after half of it
    /// (about six months), so within any test's timeline it signs with the one key it created or adopted.
    /// </summary>
    public static readonly TimeSpan JwtKeyLifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// A JWT-SVID issuer over its own rotation state: on <see cref="JwtSvidIssuer.InitializeAsync"/> it creates a key
    /// (or adopts one under <see cref="JwtSvidIssuer.SigningKeyId"/>) in <paramref name="keyManager"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options cannot support JWT-SVID issuance.</exception>
    public static JwtSvidIssuer CreateJwtIssuer(IKeyManager keyManager, IOptions<AuthorityOptions> options, TimeProvider timeProvider) =>
        new(CreateJwtKeyRing(keyManager, options, timeProvider), options, timeProvider);

    /// <summary>The key ring <see cref="CreateJwtIssuer"/> signs with, over a private in-memory state store.</summary>
    public static JwtKeyRing CreateJwtKeyRing(IKeyManager keyManager, IOptions<AuthorityOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rotation = Options.Create(new JwtKeyRotationOptions { KeyLifetime = JwtKeyLifetime });
        var rotator = new JwtKeyRotator(
            new InMemoryAuthorityStateStore(), keyManager, options, rotation, timeProvider, NullLogger<JwtKeyRotator>.Instance);
        return new JwtKeyRing(rotator, timeProvider, NullLogger<JwtKeyRing>.Instance);
    }

    /// <summary>An X.509 CA over its own CA state: every call makes a CA of its own on first use.</summary>
    /// <exception cref="OptionsValidationException">The trust domain, CA key type or CA TTL is invalid.</exception>
    public static X509CertificateAuthority CreateCertificateAuthority(
        IOptions<AuthorityOptions> options, IKeyManager keyManager, IUpstreamAuthority upstream, TimeProvider timeProvider) =>
        new(
            options,
            new X509CaRotator(options, keyManager, upstream, new InMemoryAuthorityStateStore(), timeProvider, NullLogger<X509CaRotator>.Instance),
            keyManager,
            timeProvider,
            NullLogger<X509CertificateAuthority>.Instance);

    /// <summary>A self-signed upstream over its own root document: every call makes a root of its own on first use.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static SelfSignedUpstreamAuthority CreateSelfSignedUpstream(
        IOptions<SelfSignedUpstreamOptions> options, IOptions<AuthorityOptions> authorityOptions, IKeyManager keyManager, TimeProvider timeProvider) =>
        new(options, authorityOptions, keyManager, new InMemoryAuthorityStateStore(), timeProvider, NullLogger<SelfSignedUpstreamAuthority>.Instance);
}

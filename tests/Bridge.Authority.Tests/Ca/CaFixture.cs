using Bridge.Abstractions.Keys;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Testing.Authority;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Ca;

/// <summary>The full local stack: in-memory keys, a self-signed root, Bridge's intermediate and the SVID issuer.</summary>
internal sealed class CaFixture : IDisposable
{
    /// <summary>A fixed start so expectations are exact; no sub-second part.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public CaFixture(KeyType caKeyType = KeyType.EcP256, TimeSpan? caTtl = null, KeyType rootKeyType = KeyType.EcP256, DateTimeOffset? start = null)
    {
        Time = new FakeTimeProvider(start ?? Start);
        AuthorityOptions = new AuthorityOptions { TrustDomain = "example.org", CaKeyType = caKeyType, CaTtl = caTtl ?? TimeSpan.FromHours(24) };
        Upstream = SingleProcessAuthority.CreateSelfSignedUpstream(
            Options.Create(new SelfSignedUpstreamOptions { RootKeyType = rootKeyType }),
            Options.Create(AuthorityOptions),
            KeyManager,
            Time);
        Authority = SingleProcessAuthority.CreateCertificateAuthority(Options.Create(AuthorityOptions), KeyManager, Upstream, Time);
        Issuer = new X509SvidIssuer(Authority, Time);
    }

    public FakeTimeProvider Time { get; }

    public InMemoryKeyManager KeyManager { get; } = new();

    public AuthorityOptions AuthorityOptions { get; }

    public SelfSignedUpstreamAuthority Upstream { get; }

    public X509CertificateAuthority Authority { get; }

    public X509SvidIssuer Issuer { get; }

    public void Dispose() => Upstream.Dispose();
}

using Bridge.Abstractions;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Bridge.Abstractions.Upstream;
using Bridge.Authority.Ca;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.State;
using Bridge.Testing.Authority;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Ca.Rotation;

/// <summary>
/// Several "instances" over one state store and one key manager, as Lambda instances share DynamoDB and KMS. The
/// upstream makes a new root for every CA it certifies, so the bundle shows which CA's root is published when.
/// </summary>
internal sealed class RotationFixture
{
    public RotationFixture(TimeSpan? caTtl = null, IUpstreamAuthority? upstream = null)
    {
        Options = Microsoft.Extensions.Options.Options.Create(
            new AuthorityOptions { TrustDomain = "example.org", CaTtl = caTtl ?? TimeSpan.FromHours(24) });
        Upstream = upstream ?? new RootPerMintUpstream(Options, Time);
    }

    public FakeTimeProvider Time { get; } = new(CaFixture.Start);

    public FlakyStateStore Store { get; } = new();

    public InMemoryKeyManager KeyManager { get; } = new();

    public IOptions<AuthorityOptions> Options { get; }

    public IUpstreamAuthority Upstream { get; set; }

    public X509CaRotator NewRotator() =>
        new(Options, KeyManager, Upstream, Store, Time, NullLogger<X509CaRotator>.Instance);

    public X509CertificateAuthority NewAuthority(TimeProvider? time = null) =>
        new(Options, NewRotator(), KeyManager, time ?? Time, NullLogger<X509CertificateAuthority>.Instance);

    public X509SvidIssuer NewIssuer(X509CertificateAuthority authority) => new(authority, Time);

    public async Task<IReadOnlyList<string>> CaKeyIdsAsync() =>
        [.. (await KeyManager.GetKeysAsync(CancellationToken.None)).Select(k => k.Id).Where(id => id.StartsWith("x509-ca-", StringComparison.Ordinal))];

    public async Task<CaSlotDocument> DocumentAsync()
    {
        var (document, _) = await NewRotator().ReadAsync(CancellationToken.None);
        return document;
    }

    /// <summary>Certifies every CA under a brand-new self-signed root (its keys in a separate key manager).</summary>
    public sealed class RootPerMintUpstream(IOptions<AuthorityOptions> options, TimeProvider time) : IUpstreamAuthority
    {
        private readonly InMemoryKeyManager _rootKeys = new();

        public async Task<UpstreamCaChain> MintX509CaAsync(ReadOnlyMemory<byte> csrDer, TimeSpan preferredTtl, CancellationToken cancellationToken)
        {
            using var root = SingleProcessAuthority.CreateSelfSignedUpstream(
                Microsoft.Extensions.Options.Options.Create(new SelfSignedUpstreamOptions()), options, _rootKeys, time);
            return await root.MintX509CaAsync(csrDer, preferredTtl, cancellationToken);
        }
    }

    /// <summary>An in-memory store that can be switched to fail like an unreachable DynamoDB.</summary>
    public sealed class FlakyStateStore : IAuthorityStateStore
    {
        private readonly InMemoryAuthorityStateStore _inner = new();

        public bool Unavailable { get; set; }

        public Task<StateDocument?> GetAsync(string name, CancellationToken cancellationToken) =>
            Unavailable ? throw new DependencyUnavailableException("state store down") : _inner.GetAsync(name, cancellationToken);

        public Task<StateDocument?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, long expectedRevision, CancellationToken cancellationToken) =>
            Unavailable ? throw new DependencyUnavailableException("state store down") : _inner.TryWriteAsync(name, content, expectedRevision, cancellationToken);
    }

    /// <summary>Holds every mint until the gate opens; counts the mints.</summary>
    public sealed class GatedUpstream(IUpstreamAuthority inner, Task gate) : IUpstreamAuthority
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async Task<UpstreamCaChain> MintX509CaAsync(ReadOnlyMemory<byte> csrDer, TimeSpan preferredTtl, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await gate.WaitAsync(cancellationToken);
            return await inner.MintX509CaAsync(csrDer, preferredTtl, cancellationToken);
        }
    }
}

using System.Security.Cryptography;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Agents;
using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;
using Bridge.Testing.Authority;
using Bridge.Testing.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Agents;

/// <summary>The agent services over real local backends: an in-memory store, a real CA and JWT issuer, a fake clock.</summary>
internal sealed class AgentFixture
{
    public const string Account = TestNodes.Account;
    public const string Region = TestNodes.Region;
    public static readonly TrustDomain TrustDomain = TestNodes.TrustDomain;

    public AgentFixture(IRegistrationStore? store = null)
    {
        var options = Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" });
        var upstream = SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(new SelfSignedUpstreamOptions()), options, Keys, Time);
        Ca = SingleProcessAuthority.CreateCertificateAuthority(options, Keys, upstream, Time);
        JwtIssuer = SingleProcessAuthority.CreateJwtIssuer(Keys, options, Time);
        Store = store ?? new InMemoryRegistrationStore();
        Authorizer = new AgentEntryAuthorizer(Store, options, Time);
        Service = new AgentSvidService(
            Authorizer, new TrustBundleProvider(JwtIssuer, Ca, options, Time), JwtIssuer, new X509SvidIssuer(Ca, Time), Ca, options, Logger);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public CountingKeyManager Keys { get; } = new();

    public X509CertificateAuthority Ca { get; }

    public JwtSvidIssuer JwtIssuer { get; }

    public IRegistrationStore Store { get; }

    public AgentEntryAuthorizer Authorizer { get; }

    public AgentSvidService Service { get; }

    public CapturingLogger<AgentSvidService> Logger { get; } = new();

    public static SpiffeId AgentId(string instance) => TestNodes.AgentId(instance);

    public static SpiffeId NodeSetId(string name) => BridgeIds.NodeSet(TrustDomain, name);

    /// <summary>The node record of an attested instance with node selectors.</summary>
    public NodeRecord Node(string instance, params string[] selectors) => TestNodes.Attested(instance, Time.GetUtcNow(), selectors);

    public async Task<AgentFixture> InitializeAsync()
    {
        await JwtIssuer.InitializeAsync(CancellationToken.None);
        await Ca.InitializeAsync(CancellationToken.None);
        return this;
    }

    /// <summary>Stores a workload entry under <paramref name="parent"/>.</summary>
    public async Task<RegistrationEntry> AddAsync(
        string id, SpiffeId parent, string? spiffeId = null, string[]? selectors = null, string[]? audiences = null,
        string[]? dnsNames = null, DateTimeOffset? expiresAt = null, string? hint = null)
    {
        var entry = new RegistrationEntry
        {
            Id = id,
            SpiffeId = spiffeId ?? "spiffe://example.org/workload/" + id,
            ParentId = parent,
            Selectors = [.. (selectors ?? ["unix:uid:1000"]).Select(Selector.Parse)],
            Audiences = audiences ?? ["svc"],
            DnsNames = dnsNames ?? [],
            ExpiresAt = expiresAt,
            Hint = hint,
        };
        var result = await Store.CreateAsync(entry, CancellationToken.None);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        return result.Entry!;
    }

    /// <summary>Stores a node-set definition: every node with all of <paramref name="selectors"/> belongs to the set.</summary>
    public Task<RegistrationEntry> AddNodeSetAsync(string name, string[] selectors, DateTimeOffset? expiresAt = null) => AddAsync(
        "nodeset-" + name, BridgeIds.Server(TrustDomain), NodeSetId(name).ToString(), selectors, audiences: [], expiresAt: expiresAt);

    /// <summary>A real in-memory key manager that counts signatures and can be switched to fail as a throttled KMS would.</summary>
    internal sealed class CountingKeyManager : IKeyManager
    {
        private readonly InMemoryKeyManager _inner = new();
        private int _signatures;

        public int Signatures => Volatile.Read(ref _signatures);

        /// <summary>Signatures allowed before the keys throttle; null never throttles.</summary>
        public int? ThrottleAfter { get; set; }

        public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken) =>
            new Key(await _inner.GenerateKeyAsync(keyId, keyType, cancellationToken), this);

        public async Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken) =>
            await _inner.GetKeyAsync(keyId, cancellationToken) is { } key ? new Key(key, this) : null;

        public Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken) => _inner.GetKeysAsync(cancellationToken);

        public Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken) => _inner.DeleteKeyAsync(keyId, cancellationToken);

        private sealed class Key(IManagedKey inner, CountingKeyManager owner) : IManagedKey
        {
            public string Id => inner.Id;

            public KeyType KeyType => inner.KeyType;

            public ReadOnlyMemory<byte> SubjectPublicKeyInfo => inner.SubjectPublicKeyInfo;

            public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
            {
                if (owner.ThrottleAfter is { } limit && owner.Signatures >= limit)
                {
                    throw new DependencyUnavailableException("key manager throttled");
                }

                Interlocked.Increment(ref owner._signatures);
                return inner.SignDigestAsync(digest, hashAlgorithm, cancellationToken);
            }
        }
    }
}

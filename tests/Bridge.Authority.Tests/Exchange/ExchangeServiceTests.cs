using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Exchange;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Registration;
using Bridge.Authority.Tests.Ca;
using Bridge.Spiffe.Id;
using Bridge.Testing.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bridge.Authority.Tests.Exchange;

public sealed class ExchangeServiceTests
{
    private const string PaymentsId = "spiffe://example.org/payments";
    private static readonly string[] PaymentsSelectors = ["aws:account:111122223333", "aws:role:payments"];

    [Fact]
    public async Task ExchangeAsync_RegisteredCaller_IssuesJwtSvidForTheEntry()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors, ["svc", "other"]);

        var result = await fixture.ExchangeJwtAsync("svc");

        Assert.True(result.Succeeded);
        Assert.Equal(PaymentsId, result.SpiffeId.ToString());
        Assert.Equal("payments", result.EntryId);
        var token = new JsonWebToken(result.JwtSvid!.Token);
        Assert.Equal(PaymentsId, token.Subject);
        Assert.Equal(["svc"], token.Audiences);
    }

    [Fact]
    public async Task ExchangeAsync_UnknownTokenType_IsUnsupported()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        var result = await fixture.Service.ExchangeAsync(
            new ExchangeRequest { SubjectToken = "t", SubjectTokenType = "urn:other", Audiences = ["svc"] }, CancellationToken.None);
        Assert.Equal(ExchangeFailureKind.UnsupportedTokenType, result.Failure);
    }

    [Theory]
    [InlineData(AttestationFailureKind.InvalidSignature, ExchangeFailureKind.EvidenceRejected)]
    [InlineData(AttestationFailureKind.Expired, ExchangeFailureKind.EvidenceRejected)]
    [InlineData(AttestationFailureKind.WrongAudience, ExchangeFailureKind.EvidenceRejected)]
    [InlineData(AttestationFailureKind.Unavailable, ExchangeFailureKind.Unavailable)]
    public async Task ExchangeAsync_AttestationFails_MapsFailure(AttestationFailureKind attestation, ExchangeFailureKind expected)
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        fixture.Attestor.Failure = attestation;
        Assert.Equal(expected, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_SameEvidenceTwice_SecondIsReplayed()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        fixture.Attestor.FixedReplayKey = "same";

        Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);
        Assert.Equal(ExchangeFailureKind.Replayed, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_ReplayRecord_OutlivesEvidenceByTheSkewMargin()
    {
        var spy = new SpyReplayCache();
        var fixture = await new ExchangeFixture(replayCache: spy).InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        await fixture.ExchangeJwtAsync("svc");
        Assert.Equal(fixture.Attestor.ExpiresAt + ExchangeService.ReplayRetentionMargin, spy.LastNotAfter);
    }

    [Fact]
    public async Task ExchangeAsync_NoEntries_NotRegistered()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        Assert.Equal(ExchangeFailureKind.NotRegistered, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_EntryNeedsASelectorTheCallerLacks_NotRegistered()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, [.. PaymentsSelectors, "aws:org:o-abc"]);
        Assert.Equal(ExchangeFailureKind.NotRegistered, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_EntryOfAnotherAttestor_NotRegistered()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors,
            parent: BridgeIds.AttestorParent(ExchangeFixture.TrustDomain, "eks-prod"));
        Assert.Equal(ExchangeFailureKind.NotRegistered, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_ExpiredEntry_NotRegistered()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors, expiresAt: fixture.Time.GetUtcNow().AddSeconds(-1));
        Assert.Equal(ExchangeFailureKind.NotRegistered, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_FewerSelectorsThanTheCallerHas_Matches()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("account-wide", "spiffe://example.org/account", ["aws:account:111122223333"]);
        Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);
    }

    [Fact]
    public async Task ExchangeAsync_TwoEntriesMatchWithoutResource_IsAmbiguous()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        await fixture.RegisterAsync("account-wide", "spiffe://example.org/account", ["aws:account:111122223333"]);
        Assert.Equal(ExchangeFailureKind.AmbiguousIdentity, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_TwoEntriesMatchWithResource_IssuesTheNamedOne()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        await fixture.RegisterAsync("account-wide", "spiffe://example.org/account", ["aws:account:111122223333"]);

        var result = await fixture.Service.ExchangeAsync(new ExchangeRequest
        {
            SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Audiences = ["svc"],
            RequestedSpiffeId = SpiffeId.Parse("spiffe://example.org/account"),
        }, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("account-wide", result.EntryId);
    }

    [Fact]
    public async Task ExchangeAsync_ResourceNotAmongTheCallersEntries_IdentityNotAvailable()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        await fixture.RegisterAsync("ledger", "spiffe://example.org/ledger", ["aws:role:ledger"]);

        var result = await fixture.Service.ExchangeAsync(new ExchangeRequest
        {
            SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Audiences = ["svc"],
            RequestedSpiffeId = SpiffeId.Parse("spiffe://example.org/ledger"),
        }, CancellationToken.None);

        Assert.Equal(ExchangeFailureKind.IdentityNotAvailable, result.Failure);
    }

    [Fact]
    public async Task ExchangeAsync_JwtWithoutAudience_AudienceRequired()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        Assert.Equal(ExchangeFailureKind.AudienceRequired, (await fixture.ExchangeJwtAsync()).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_AudienceOutsideTheEntry_NotAllowed()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors, ["svc"]);
        Assert.Equal(ExchangeFailureKind.AudienceNotAllowed, (await fixture.ExchangeJwtAsync("svc", "sts.amazonaws.com")).Failure);
    }

    [Theory]
    [InlineData(null, null, 300)]        // server default: 5 minutes
    [InlineData(null, 120, 120)]         // the entry's TTL
    [InlineData(60, 120, 60)]            // a shorter request narrows it
    [InlineData(600, 120, 120)]          // a longer request never extends it
    [InlineData(null, 7200, 3600)]       // the signing key's limit caps the entry
    public async Task ExchangeAsync_JwtTtl_IsTheShortestOfRequestEntryAndKeyLimit(int? requested, int? entry, int expected)
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors, jwtTtl: entry is null ? null : TimeSpan.FromSeconds(entry.Value));

        var result = await fixture.Service.ExchangeAsync(new ExchangeRequest
        {
            SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Audiences = ["svc"],
            RequestedTtl = requested is null ? null : TimeSpan.FromSeconds(requested.Value),
        }, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(expected), result.JwtSvid!.ExpiresAt - result.JwtSvid.IssuedAt);
    }

    [Fact]
    public async Task ExchangeAsync_TemplateEntry_RendersFromVerifiedValues()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("by-role", "spiffe://example.org/aws/{account}/role/{role_name}", ["aws:account:111122223333"]);
        var result = await fixture.ExchangeJwtAsync("svc");
        Assert.Equal("spiffe://example.org/aws/111122223333/role/payments", result.SpiffeId.ToString());
    }

    [Fact]
    public async Task ExchangeAsync_TemplateValueMissing_NotRegistered()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("by-fn", "spiffe://example.org/fn/{function_name}", ["aws:account:111122223333"]);
        Assert.Equal(ExchangeFailureKind.NotRegistered, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_X509WithValidCsr_IssuesLeafForTheEntry()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors, x509Ttl: TimeSpan.FromMinutes(30));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=ignored", key, HashAlgorithmName.SHA256).CreateSigningRequest();

        var result = await fixture.Service.ExchangeAsync(new ExchangeRequest
        {
            SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Kind = SvidKind.X509, CertificateRequest = csr,
        }, CancellationToken.None);

        Assert.True(result.Succeeded);
        var leaf = result.X509Svid!.Leaf!;
        Assert.Equal([PaymentsId], CertificateInspector.SubjectAlternativeNames(leaf).Uris);
        Assert.Equal(fixture.Time.GetUtcNow().AddMinutes(30), result.X509Svid.ExpiresAt);
    }

    [Fact]
    public async Task ExchangeAsync_LongVerifiedSubject_IsAuditedBoundedAndPrintable()
    {
        // A generic issuer's sub is verified but partly user-chosen, and may be as long as the token allows.
        var logger = new CapturingLogger<ExchangeService>();
        var fixture = await new ExchangeFixture(logger: logger).InitializeAsync();
        fixture.Attestor.Subject = "user:\r\nforged " + new string('s', 8 * 1024);
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors, audiences: ["svc"]);

        Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);
        Assert.Equal(ExchangeFailureKind.AudienceNotAllowed, (await fixture.ExchangeJwtAsync("other")).Failure);

        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, entry =>
        {
            Assert.True(entry.Length < 1024, $"an audit line of {entry.Length} characters: {entry[..200]}");
            Assert.DoesNotContain("\r\nforged", entry, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ExchangeAsync_X509ForStoredEntryBreakingTheDnsRule_EntryNotIssuableNotException()
    {
        // An entry stored around the validator (written before the rule, or straight into DynamoDB).
        var fixture = await new ExchangeFixture().InitializeAsync();
        var stored = await fixture.Store.CreateAsync(new RegistrationEntry
        {
            Id = "wild", SpiffeId = PaymentsId, ParentId = ExchangeFixture.Parent, Selectors = [.. PaymentsSelectors.Select(Selector.Parse)],
            Audiences = ["svc"], DnsNames = ["payments.example.org", "*.com"],
        }, CancellationToken.None);
        Assert.Equal(RegistrationWriteStatus.Succeeded, stored.Status);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=ignored", key, HashAlgorithmName.SHA256).CreateSigningRequest();

        var x509 = await fixture.Service.ExchangeAsync(new ExchangeRequest
        {
            SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Kind = SvidKind.X509, CertificateRequest = csr,
        }, CancellationToken.None);
        var jwt = await fixture.ExchangeJwtAsync("svc");

        Assert.Equal(ExchangeFailureKind.EntryNotIssuable, x509.Failure);
        Assert.True(jwt.Succeeded, "JWT-SVIDs do not carry DNS names, so the entry still gives one.");
    }

    [Fact]
    public async Task ExchangeAsync_X509WithGarbageCsr_InvalidCertificateRequest()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        var result = await fixture.Service.ExchangeAsync(new ExchangeRequest
        {
            SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Kind = SvidKind.X509, CertificateRequest = new byte[] { 0x30, 0x03, 1, 2, 3 },
        }, CancellationToken.None);
        Assert.Equal(ExchangeFailureKind.InvalidCertificateRequest, result.Failure);
    }

    [Fact]
    public async Task ExchangeAsync_StoreUnavailable_UnavailableNotException()
    {
        var fixture = await new ExchangeFixture(store: new FailingStore()).InitializeAsync();
        Assert.Equal(ExchangeFailureKind.Unavailable, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_ReplayCacheUnavailable_UnavailableNotException()
    {
        var fixture = await new ExchangeFixture(replayCache: new FailingReplayCache()).InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        Assert.Equal(ExchangeFailureKind.Unavailable, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_KeyManagerUnavailable_UnavailableNothingIssued()
    {
        var keys = new ThrottledKeyManager();
        var fixture = await new ExchangeFixture(keyManager: keys).InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        keys.Throttled = true;

        var result = await fixture.ExchangeJwtAsync("svc");

        Assert.Equal(ExchangeFailureKind.Unavailable, result.Failure);
        Assert.Null(result.JwtSvid);
    }

    [Fact]
    public void AttestorRegistry_TwoAttestorsForOneTokenType_RefusesToStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new AttestorRegistry([new ExchangeFixture.StubAttestor(), new ExchangeFixture.StubAttestor()]));
        Assert.Contains(ExchangeFixture.TokenType, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A real in-memory key manager whose keys can be switched to fail as a throttled KMS would.</summary>
    private sealed class ThrottledKeyManager : IKeyManager
    {
        private readonly InMemoryKeyManager _inner = new();

        public bool Throttled { get; set; }

        public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken) =>
            new Key(await _inner.GenerateKeyAsync(keyId, keyType, cancellationToken), this);

        public async Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken) =>
            await _inner.GetKeyAsync(keyId, cancellationToken) is { } key ? new Key(key, this) : null;

        public Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken) => _inner.GetKeysAsync(cancellationToken);

        public Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken) => _inner.DeleteKeyAsync(keyId, cancellationToken);

        private sealed class Key(IManagedKey inner, ThrottledKeyManager owner) : IManagedKey
        {
            public string Id => inner.Id;

            public KeyType KeyType => inner.KeyType;

            public ReadOnlyMemory<byte> SubjectPublicKeyInfo => inner.SubjectPublicKeyInfo;

            public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken) =>
                owner.Throttled
                    ? throw new DependencyUnavailableException("key manager throttled")
                    : inner.SignDigestAsync(digest, hashAlgorithm, cancellationToken);
        }
    }

    private sealed class SpyReplayCache : IReplayCache
    {
        public DateTimeOffset LastNotAfter { get; private set; }

        public ValueTask<ReplayUseResult> TryUseAsync(string key, DateTimeOffset notAfter, ReplayPolicy policy, CancellationToken cancellationToken)
        {
            LastNotAfter = notAfter;
            return ValueTask.FromResult(ReplayUseResult.Accepted);
        }
    }

    private sealed class FailingReplayCache : IReplayCache
    {
        public ValueTask<ReplayUseResult> TryUseAsync(string key, DateTimeOffset notAfter, ReplayPolicy policy, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("replay store down");
    }

    private sealed class FailingStore : IRegistrationStore
    {
        public ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("store down");

        public ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("store down");

        public ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

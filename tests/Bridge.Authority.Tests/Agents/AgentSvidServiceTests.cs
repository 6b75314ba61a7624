using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Agents;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bridge.Authority.Tests.Agents;

/// <summary>Minting for agents: only authorized entries, all or nothing, the same rules as /token, audited refusals.</summary>
public sealed class AgentSvidServiceTests
{
    private static readonly string[] WebNode = ["aws_iid:tag:role:web"];

    [Fact]
    public async Task MintX509_Batch_IssuesOneSvidPerRequestInOrder_ChainingToTheBundle()
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"), dnsNames: ["app.example.org"]);
        await fixture.AddNodeSetAsync("web", WebNode);
        await fixture.AddAsync("web-app", AgentFixture.NodeSetId("web"), hint: "web");
        using var key1 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key2 = RSA.Create(2048);

        var result = await fixture.Service.MintX509SvidsAsync(
            fixture.Node("i-1", WebNode), [new("web-app", Csr(key1)), new("own", Csr(key2))], CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(["web-app", "own"], result.Value.Select(s => s.Entry.Entry.Id));
        var anchors = await fixture.Ca.GetTrustAnchorsAsync(CancellationToken.None);
        foreach (var issued in result.Value)
        {
            using var leaf = X509CertificateLoader.LoadCertificate(issued.Svid.LeafDer.Span);
            Assert.Equal(["spiffe://example.org/workload/" + issued.Entry.Entry.Id], UriSans(leaf));
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
            chain.ChainPolicy.ExtraStore.AddRange(issued.Svid.Intermediates.ToArray());
            Assert.True(chain.Build(leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }

        using var first = X509CertificateLoader.LoadCertificate(result.Value[0].Svid.LeafDer.Span);
        Assert.True(first.PublicKey.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key1.ExportSubjectPublicKeyInfo()));
        Assert.Contains(fixture.Logger.Entries, e => e.StartsWith("Information 2451 ", StringComparison.Ordinal) && e.Contains("web-app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MintX509_AnEntryOfAnotherAgent_SignsNothingAndIsAudited()
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"));
        await fixture.AddAsync("theirs", AgentFixture.AgentId("i-2"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signaturesBefore = fixture.Keys.Signatures;

        var result = await fixture.Service.MintX509SvidsAsync(
            fixture.Node("i-1", WebNode), [new("own", Csr(key)), new("theirs", Csr(key))], CancellationToken.None);

        Assert.Equal(AgentSvidFailure.EntryNotAuthorized, result.Failure);
        Assert.Equal(signaturesBefore, fixture.Keys.Signatures);
        var refusal = Assert.Single(fixture.Logger.Entries, e => e.StartsWith("Warning 2453 ", StringComparison.Ordinal));
        Assert.Contains("theirs", refusal, StringComparison.Ordinal);
        Assert.Contains(AgentFixture.AgentId("i-1").ToString(), refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Logger.Entries, e => e.Contains(" 2451 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MintX509_OneBadCsr_SignsNothing()
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tampered = Csr(key);
        tampered[^1] ^= 0x01;
        var signaturesBefore = fixture.Keys.Signatures;

        var result = await fixture.Service.MintX509SvidsAsync(
            fixture.Node("i-1", WebNode), [new("own", Csr(key)), new("own", tampered)], CancellationToken.None);

        Assert.Equal(AgentSvidFailure.InvalidCertificateRequest, result.Failure);
        Assert.Equal(signaturesBefore, fixture.Keys.Signatures);
        Assert.Contains(fixture.Logger.Entries, e => e.StartsWith("Warning 2455 ", StringComparison.Ordinal) && e.Contains("request 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MintX509_EntryWithBrokenDnsNames_IsNotIssuable()
    {
        // Written around the validator (stores persist what they are given): the issuer's own rule refuses it.
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"), dnsNames: ["bad name!"]);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var result = await fixture.Service.MintX509SvidsAsync(fixture.Node("i-1", WebNode), [new("own", Csr(key))], CancellationToken.None);

        Assert.Equal(AgentSvidFailure.EntryNotIssuable, result.Failure);
        Assert.Contains(fixture.Logger.Entries, e => e.StartsWith("Warning 2454 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MintX509_TemplatedEntry_IsNotIssuable()
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("templated", AgentFixture.AgentId("i-1"), "spiffe://example.org/aws/{account}/app");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var result = await fixture.Service.MintX509SvidsAsync(fixture.Node("i-1", WebNode), [new("templated", Csr(key))], CancellationToken.None);
        var sync = await fixture.Service.SyncAsync(fixture.Node("i-1", WebNode), CancellationToken.None);

        Assert.Equal(AgentSvidFailure.EntryNotIssuable, result.Failure);
        Assert.Empty(sync.Value!.Entries);
    }

    [Fact]
    public async Task MintX509_KeyManagerThrottledMidBatch_IsUnavailableAndAuditsNothingIssued()
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        fixture.Keys.ThrottleAfter = fixture.Keys.Signatures + 1;

        var result = await fixture.Service.MintX509SvidsAsync(
            fixture.Node("i-1", WebNode), [new("own", Csr(key)), new("own", Csr(key))], CancellationToken.None);

        Assert.Equal(AgentSvidFailure.Unavailable, result.Failure);
        Assert.Contains(fixture.Logger.Entries, e => e.StartsWith("Error 2457 ", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logger.Entries, e => e.Contains(" 2451 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MintX509_StoreUnavailable_IsUnavailable()
    {
        var fixture = await new AgentFixture(new UnavailableStore()).InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var mint = await fixture.Service.MintX509SvidsAsync(fixture.Node("i-1", WebNode), [new("own", Csr(key))], CancellationToken.None);
        var sync = await fixture.Service.SyncAsync(fixture.Node("i-1", WebNode), CancellationToken.None);
        var jwt = await fixture.Service.MintJwtSvidAsync(fixture.Node("i-1", WebNode), "own", ["svc"], CancellationToken.None);

        Assert.Equal(AgentSvidFailure.Unavailable, mint.Failure);
        Assert.Equal(AgentSvidFailure.Unavailable, sync.Failure);
        Assert.Equal(AgentSvidFailure.Unavailable, jwt.Failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(AgentSvidService.MaxX509BatchSize + 1)]
    public async Task MintX509_BatchOutOfBounds_Throws(int size)
    {
        var fixture = await new AgentFixture().InitializeAsync();
        var requests = Enumerable.Range(0, size).Select(_ => new AgentX509SvidRequest("own", new byte[] { 0x30 })).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Service.MintX509SvidsAsync(fixture.Node("i-1", WebNode), requests, CancellationToken.None));
    }

    [Fact]
    public async Task MintJwt_AllowedAudience_IssuesForTheEntrysId()
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddNodeSetAsync("web", WebNode);
        await fixture.AddAsync("web-app", AgentFixture.NodeSetId("web"), audiences: ["ledger", "reports"]);

        var result = await fixture.Service.MintJwtSvidAsync(fixture.Node("i-1", WebNode), "web-app", ["reports"], CancellationToken.None);

        Assert.True(result.Succeeded);
        var token = new JsonWebToken(result.Value.Svid.Token);
        Assert.Equal("spiffe://example.org/workload/web-app", token.Subject);
        Assert.Equal(["reports"], token.Audiences);
        Assert.Contains(fixture.Logger.Entries, e => e.StartsWith("Information 2452 ", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logger.Entries, e => e.Contains(result.Value.Svid.Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new string[0], AgentSvidFailure.AudienceRequired)]
    [InlineData(new[] { "other" }, AgentSvidFailure.AudienceNotAllowed)]
    [InlineData(new[] { "ledger", "other" }, AgentSvidFailure.AudienceNotAllowed)]
    public async Task MintJwt_AudiencesOutsideTheEntry_AreRefused(string[] audiences, AgentSvidFailure expected)
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"), audiences: ["ledger"]);
        var signaturesBefore = fixture.Keys.Signatures;

        var result = await fixture.Service.MintJwtSvidAsync(fixture.Node("i-1", WebNode), "own", audiences, CancellationToken.None);

        Assert.Equal(expected, result.Failure);
        Assert.Equal(signaturesBefore, fixture.Keys.Signatures);
        Assert.Contains(fixture.Logger.Entries, e => e.StartsWith("Warning 2456 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MintJwt_AnotherAgentsEntry_IsNotAuthorized()
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("theirs", AgentFixture.AgentId("i-2"));

        var result = await fixture.Service.MintJwtSvidAsync(fixture.Node("i-1", WebNode), "theirs", ["svc"], CancellationToken.None);

        Assert.Equal(AgentSvidFailure.EntryNotAuthorized, result.Failure);
        Assert.Contains(fixture.Logger.Entries, e => e.StartsWith("Warning 2453 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_RevisionCoversTheBundle_AndStaysWhenNothingChanged()
    {
        var fixture = await new AgentFixture().InitializeAsync();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"));
        var node = fixture.Node("i-1", WebNode);

        var first = await fixture.Service.SyncAsync(node, CancellationToken.None);
        var second = await fixture.Service.SyncAsync(node, CancellationToken.None);
        var set = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);

        Assert.Equal(first.Value!.Revision, second.Value!.Revision);
        Assert.NotEqual(set.Revision, first.Value.Revision);
        Assert.Contains("\"x509-svid\"", first.Value.BundleDocument, StringComparison.Ordinal);
        Assert.Equal(["own"], first.Value.Entries.Select(e => e.Entry.Id));
    }

    private static byte[] Csr(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => new CertificateRequest("CN=workload", ec, HashAlgorithmName.SHA256).CreateSigningRequest(),
        RSA rsa => new CertificateRequest("CN=workload", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest(),
        _ => throw new ArgumentException("Unsupported key.", nameof(key)),
    };

    private static List<string> UriSans(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        var reader = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
        var uris = new List<string>();
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 6)))
            {
                uris.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
            }
            else
            {
                reader.ReadEncodedValue();
            }
        }

        return uris;
    }

    /// <summary>A registration store in an outage.</summary>
    private sealed class UnavailableStore : IRegistrationStore
    {
        public ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("store down");

        public ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("store down");

        public ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken) => throw new DependencyUnavailableException("store down");

        public ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("store down");

        public ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("store down");

        public ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("store down");

        public ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) =>
            throw new DependencyUnavailableException("store down");
    }
}

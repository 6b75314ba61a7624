extern alias exchange;

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.Oidc;
using Bridge.Authority;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Local.Replay;
using Bridge.Authority.Registration;
using Bridge.Authority.Telemetry;
using Bridge.Protocol;
using Bridge.Spiffe.Id;
using Bridge.Testing.Authority;
using Bridge.Testing.Oidc;
using Bridge.Testing.Telemetry;
using exchange::Bridge.ExchangeFunction.Hosting.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Benchmarks;

/// <summary>
/// One exchange in process, as <c>POST /token</c> runs it minus HTTP: an RS256 STS-shaped subject token is attested
/// (signature, issuer, audience, lifetime), checked for replay, matched to an entry, and an SVID is issued. The
/// crypto floor of each path is measured alongside, so the overhead beyond cryptography is visible.
/// </summary>
[MemoryDiagnoser]
public class ExchangeBenchmarks
{
    private const string Issuer = "https://sts.bench.test";
    private const string Audience = "bridge";

    private ExchangeService _exchange = null!;
    private OidcJwtAttestor _attestor = null!;
    private JwtSvidIssuer _jwtIssuer = null!;
    private X509SvidIssuer _x509Issuer = null!;
    private string _subjectToken = null!;
    private byte[] _csr = null!;
    private SpiffeId _spiffeId;
    private RSA _rsa = null!;
    private ECDsa _ec = null!;
    private byte[] _rsaSignature = null!;
    private byte[] _ecSignature = null!;
    private byte[] _ecPublicKey = null!;
    private readonly byte[] _digest = SHA256.HashData("benchmark"u8);
    private readonly TestMeterFactory _meters = new();
    private EmfMetricCollector? _collector;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var time = TimeProvider.System;

        // Metrics collected as the deployed service collects them in Lambda (docs/observability.md): every exchange is
        // counted and timed into the EMF collector; its flush runs after the response and is measured apart
        // (TelemetryBenchmarks), so nothing here ever collects.
        _collector = new EmfMetricCollector(
            AuthorityMetrics.MeterName, _meters, new EmfMetricExporter("Bridge/Bench", Stream.Null), time, AuthorityMetrics.MaxTagCombinations);
        var stsKey = OidcTestKey.CreateRsa("sts-1");
        var issuer = new FakeOidcIssuer();
        issuer.AddIssuer(Issuer, stsKey);
        _subjectToken = new OidcTokenFactory(Issuer, Audience, stsKey, time)
            .Create(new OidcTokenFactory(Issuer, Audience, stsKey, time).StsClaims("111122223333", "role/payments"));

        _attestor = new OidcJwtAttestor(
            Options.Create(new OidcAttestorOptions
            {
                Audience = Audience,
                Issuers = [new OidcIssuerOptions { Name = "aws-sts", Issuer = Issuer, Profile = OidcIssuerProfile.AwsSts }],
            }),
            issuer, time, NullLogger<OidcJwtAttestor>.Instance);

        var options = Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" });
        var keys = new InMemoryKeyManager();
        var ca = SingleProcessAuthority.CreateCertificateAuthority(options, keys,
            SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(new SelfSignedUpstreamOptions()), options, keys, time), time);
        _jwtIssuer = SingleProcessAuthority.CreateJwtIssuer(keys, options, time);
        await _jwtIssuer.InitializeAsync(CancellationToken.None);
        await ca.InitializeAsync(CancellationToken.None);
        _x509Issuer = new X509SvidIssuer(ca, time);

        var trustDomain = TrustDomain.Parse("example.org");
        _spiffeId = SpiffeId.Parse("spiffe://example.org/payments");
        var store = new InMemoryRegistrationStore();
        await store.CreateAsync(new RegistrationEntry
        {
            Id = "payments",
            SpiffeId = _spiffeId.ToString(),
            ParentId = BridgeIds.AttestorParent(trustDomain, "aws-sts"),
            Selectors = [Selector.Parse("aws:account:111122223333"), Selector.Parse("aws:role:payments")],
            Audiences = ["ledger"],
        }, CancellationToken.None);

        var replay = new UniqueKeyReplayCache(new InMemoryReplayCache(time, Options.Create(new InMemoryReplayCacheOptions { MaxEntries = 1_000_000 })), time);
        _exchange = new ExchangeService(new AttestorRegistry([_attestor]), replay, store, _jwtIssuer, _x509Issuer, ca, options, time,
            new AuthorityMetrics(_meters, time), NullLogger<ExchangeService>.Instance);

        using var csrKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _csr = new CertificateRequest("CN=bench", csrKey, HashAlgorithmName.SHA256).CreateSigningRequest();

        _rsa = RSA.Create(2048);
        _rsaSignature = _rsa.SignHash(_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _ecSignature = _ec.SignHash(_digest);
        _ecPublicKey = _ec.ExportSubjectPublicKeyInfo();

        // Warm the issuer's key cache so the benchmark measures warm exchanges, as a warm Lambda serves them.
        await AttestRs256TokenAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector?.Dispose();
        _meters.Dispose();
    }

    [Benchmark(Description = "Exchange: RS256 subject token -> ES256 JWT-SVID")]
    public async Task<string> JwtSvidExchangeAsync()
    {
        var result = await _exchange.ExchangeAsync(new ExchangeRequest
        {
            SubjectToken = _subjectToken, SubjectTokenType = TokenTypeUris.Jwt, Audiences = ["ledger"],
        }, CancellationToken.None);
        return result.JwtSvid?.Token ?? throw new InvalidOperationException(result.Failure.ToString());
    }

    [Benchmark(Description = "Exchange: RS256 subject token + P-256 CSR -> X.509-SVID")]
    public async Task<ReadOnlyMemory<byte>> X509SvidExchangeAsync()
    {
        var result = await _exchange.ExchangeAsync(new ExchangeRequest
        {
            SubjectToken = _subjectToken, SubjectTokenType = TokenTypeUris.Jwt, Kind = SvidKind.X509, CertificateRequest = _csr,
        }, CancellationToken.None);
        // The DER, as POST /token sends it; touching Leaf would add a certificate parse the service never does.
        return result.X509Svid is { Succeeded: true } svid ? svid.LeafDer : throw new InvalidOperationException(result.Failure.ToString());
    }

    [Benchmark(Description = "Step: attest RS256 STS token")]
    public async Task<AttestationResult> AttestRs256TokenAsync() =>
        await _attestor.AttestAsync(new AttestationRequest(_subjectToken, TokenTypeUris.Jwt), CancellationToken.None);

    [Benchmark(Description = "Step: issue ES256 JWT-SVID")]
    public async Task<JwtSvidIssuance> IssueJwtSvidAsync() =>
        await _jwtIssuer.IssueAsync(_spiffeId, ["ledger"], TimeSpan.FromMinutes(5), CancellationToken.None);

    [Benchmark(Description = "Step: issue X.509-SVID from P-256 CSR")]
    public async Task<X509SvidIssuance> IssueX509SvidAsync() =>
        await _x509Issuer.IssueAsync(_csr, _spiffeId, [], TimeSpan.FromHours(1), CancellationToken.None);

    [Benchmark(Description = "Floor: RSA-2048 verify (RS256)")]
    public bool RsaVerify() => _rsa.VerifyHash(_digest, _rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "Floor: ECDSA P-256 sign (ES256)")]
    public byte[] EcdsaSign() => _ec.SignHash(_digest);

    [Benchmark(Description = "Floor: ECDSA P-256 verify")]
    public bool EcdsaVerify() => _ec.VerifyHash(_digest, _ecSignature);

    /// <summary>
    /// What verifying a CSR's signature costs in .NET at the least: importing the public key (OpenSSL validates the
    /// point with a scalar multiplication) and one verify.
    /// </summary>
    [Benchmark(Description = "Floor: P-256 key import + verify (CSR)")]
    public bool EcdsaImportAndVerify()
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_ecPublicKey, out _);
        return key.VerifyHash(_digest, _ecSignature);
    }
}

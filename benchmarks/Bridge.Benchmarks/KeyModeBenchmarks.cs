using Amazon.KeyManagementService;
using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using Bridge.Abstractions.Keys;
using Bridge.Authority;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.State;
using Bridge.Spiffe.Id;
using Bridge.Testing.Authority;
using Bridge.Testing.Aws.Kms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Benchmarks;

/// <summary>
/// Issuing one ES256 JWT-SVID with each key mode, as a warm exchange does it: in memory, KMS <c>Sign</c> per token
/// (real AWS SDK over loopback HTTP to the protocol-level KMS fake), and the envelope mode (key decrypted once, then
/// in memory). The loopback fake has no network distance, so the KMS figure is a floor: add the in-Region round trip.
/// Also the envelope mode's cold start: one state read plus one KMS Decrypt.
/// </summary>
[MemoryDiagnoser]
public class KeyModeBenchmarks
{
    private const string WrappingAlias = "alias/bridge-bench";

    private readonly SpiffeId _spiffeId = SpiffeId.Parse("spiffe://example.org/payments");
    private FakeKmsServer _kms = null!;
    private AmazonKeyManagementServiceClient _directSdk = null!;
    private AmazonKeyManagementServiceClient _envelopeSdk = null!;
    private KmsEnvelopeKeyManagerOptions _envelopeOptions = null!;
    private InMemoryAuthorityStateStore _envelopeStore = null!;
    private string _envelopeKeyId = null!;
    private JwtSvidIssuer _inMemory = null!;
    private JwtSvidIssuer _kmsDirect = null!;
    private JwtSvidIssuer _kmsEnvelope = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        var time = TimeProvider.System;
        var authority = Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" });
        _kms = await FakeKmsServer.StartAsync();
        _kms.AddKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", WrappingAlias);
        var credentials = new BasicAWSCredentials("x", "y");

        _inMemory = SingleProcessAuthority.CreateJwtIssuer(new InMemoryKeyManager(), authority, time);

        var directOptions = new KmsKeyManagerOptions { AliasNamespace = "bench", Region = _kms.Region, ServiceUrl = _kms.ServiceUrl.ToString() };
        _directSdk = AwsKmsClient.CreateSdkClient(directOptions, credentials);
        _kmsDirect = SingleProcessAuthority.CreateJwtIssuer(
            new KmsKeyManager(new AwsKmsClient(_directSdk), Options.Create(directOptions), time, NullLogger<KmsKeyManager>.Instance), authority, time);

        _envelopeOptions = new KmsEnvelopeKeyManagerOptions
        {
            WrappingKeyId = WrappingAlias, Namespace = "bench", Region = _kms.Region, ServiceUrl = _kms.ServiceUrl.ToString(),
        };
        _envelopeSdk = AwsKmsClient.CreateSdkClient(_envelopeOptions, credentials);
        _envelopeStore = new InMemoryAuthorityStateStore();
        _kmsEnvelope = SingleProcessAuthority.CreateJwtIssuer(NewEnvelopeManager(), authority, time);

        foreach (var issuer in new[] { _inMemory, _kmsDirect, _kmsEnvelope })
        {
            await issuer.InitializeAsync(CancellationToken.None);
            // One token each, so connection set-up and first-use costs stay out of the measurements.
            await issuer.IssueAsync(_spiffeId, ["ledger"], TimeSpan.FromMinutes(5), CancellationToken.None);
        }

        // The issuer's key is named by its rotation slot: the cold start reads that one.
        _envelopeKeyId = (await NewEnvelopeManager().GetKeysAsync(CancellationToken.None)).Single().Id;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _directSdk.Dispose();
        _envelopeSdk.Dispose();
        await _kms.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "JWT-SVID ES256: in-memory key")]
    public Task<JwtSvidIssuance> InMemoryAsync() => IssueAsync(_inMemory);

    [Benchmark(Description = "JWT-SVID ES256: KMS Sign (loopback fake)")]
    public Task<JwtSvidIssuance> KmsDirectAsync() => IssueAsync(_kmsDirect);

    [Benchmark(Description = "JWT-SVID ES256: KMS envelope key")]
    public Task<JwtSvidIssuance> KmsEnvelopeAsync() => IssueAsync(_kmsEnvelope);

    [Benchmark(Description = "Envelope cold start: state read + KMS Decrypt (loopback fake)")]
    public async Task<IManagedKey?> EnvelopeColdStartAsync() =>
        await NewEnvelopeManager().GetKeyAsync(_envelopeKeyId, CancellationToken.None);

    private KmsEnvelopeKeyManager NewEnvelopeManager() => new(
        new AwsKmsClient(_envelopeSdk), _envelopeStore, Options.Create(_envelopeOptions), TimeProvider.System,
        NullLogger<KmsEnvelopeKeyManager>.Instance);

    private Task<JwtSvidIssuance> IssueAsync(JwtSvidIssuer issuer) =>
        issuer.IssueAsync(_spiffeId, ["ledger"], TimeSpan.FromMinutes(5), CancellationToken.None);
}

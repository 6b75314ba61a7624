using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Exchange;
using Bridge.Authority.Telemetry;
using Bridge.Spiffe.Id;
using Bridge.Testing.Telemetry;

namespace Bridge.Authority.Tests.Exchange;

/// <summary>
/// Every exchange is counted once, with its outcome, attestor and SVID kind, and timed, next to its audit line; the
/// tags never carry the caller's subject or SPIFFE ID.
/// </summary>
public sealed class ExchangeServiceMetricsTests
{
    private const string PaymentsId = "spiffe://example.org/payments";
    private static readonly string[] PaymentsSelectors = ["aws:account:111122223333", "aws:role:payments"];

    [Fact]
    public async Task ExchangeAsync_JwtIssued_CountedAsIssuedAndTimed()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        using var recorder = new MetricRecorder(fixture.MeterFactory);
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        fixture.Attestor.Attesting = () => fixture.Time.Advance(TimeSpan.FromMilliseconds(250));

        Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);

        var request = Assert.Single(recorder.Of(AuthorityMetrics.ExchangeRequestsName));
        Assert.Equal(1, request.Value);
        AssertTags(request, "issued", "stub", "jwt");
        var duration = Assert.Single(recorder.Of(AuthorityMetrics.ExchangeDurationName));
        Assert.Equal(0.25, duration.Value, 6);
        AssertTags(duration, "issued", "stub", "jwt");
    }

    [Fact]
    public async Task ExchangeAsync_X509Issued_CountedWithItsKind()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        using var recorder = new MetricRecorder(fixture.MeterFactory);
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);

        Assert.True((await ExchangeX509Async(fixture, ValidCsr())).Succeeded);

        AssertTags(Assert.Single(recorder.Of(AuthorityMetrics.ExchangeRequestsName)), "issued", "stub", "x509");
    }

    [Theory]
    [InlineData("unknown token type", "unsupported_token_type", "none")]
    [InlineData("evidence rejected", "evidence_rejected", "stub")]
    [InlineData("attestor unavailable", "unavailable", "stub")]
    [InlineData("not registered", "not_registered", "stub")]
    [InlineData("ambiguous", "ambiguous_identity", "stub")]
    [InlineData("identity not available", "identity_not_available", "stub")]
    [InlineData("audience required", "audience_required", "stub")]
    [InlineData("audience not allowed", "audience_not_allowed", "stub")]
    [InlineData("replayed", "replayed", "stub")]
    [InlineData("replay cache full", "replay_cache_full", "stub")]
    [InlineData("invalid csr", "invalid_certificate_request", "stub")]
    public async Task ExchangeAsync_Refused_CountedOnceWithItsOutcome(string scenario, string outcome, string attestor)
    {
        var fixture = await new ExchangeFixture(replayMaxEntries: scenario == "replay cache full" ? 1 : 1000).InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        if (scenario is "replayed" or "replay cache full")
        {
            // The first exchange is issued and counted as such; the second is the refusal under test.
            fixture.Attestor.FixedReplayKey = scenario == "replayed" ? "same" : null;
            Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);
        }

        using var recorder = new MetricRecorder(fixture.MeterFactory);
        var result = await RefusedAsync(fixture, scenario);

        Assert.False(result.Succeeded);
        Assert.Equal(outcome, AuthorityMetrics.OutcomeOf(result.Failure));
        var request = Assert.Single(recorder.Of(AuthorityMetrics.ExchangeRequestsName));
        AssertTags(request, outcome, attestor, scenario == "invalid csr" ? "x509" : "jwt");
        Assert.Single(recorder.Of(AuthorityMetrics.ExchangeDurationName));
    }

    [Fact]
    public async Task ExchangeAsync_DependencyThrowsABug_CountedAsFaultAndRethrown()
    {
        var fixture = await new ExchangeFixture(store: new BrokenStore()).InitializeAsync();
        using var recorder = new MetricRecorder(fixture.MeterFactory);

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.ExchangeJwtAsync("svc"));

        AssertTags(Assert.Single(recorder.Of(AuthorityMetrics.ExchangeRequestsName)), "fault", "stub", "jwt");
    }

    [Fact]
    public void OutcomeOf_EveryFailureKind_HasItsOwnTagValue()
    {
        var values = Enum.GetValues<ExchangeFailureKind>().Select(AuthorityMetrics.OutcomeOf).ToList();
        Assert.DoesNotContain("other", values);
        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
    }

    private static void AssertTags(RecordedMeasurement measurement, string outcome, string attestor, string svidKind)
    {
        // Exactly these three tags: a subject or SPIFFE ID would make every caller its own time series.
        Assert.Equal(
            [AuthorityMetrics.AttestorTag, AuthorityMetrics.OutcomeTag, AuthorityMetrics.SvidKindTag],
            measurement.Tags.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(outcome, measurement.Tag(AuthorityMetrics.OutcomeTag));
        Assert.Equal(attestor, measurement.Tag(AuthorityMetrics.AttestorTag));
        Assert.Equal(svidKind, measurement.Tag(AuthorityMetrics.SvidKindTag));
    }

    private static async Task<ExchangeResult> RefusedAsync(ExchangeFixture fixture, string scenario)
    {
        switch (scenario)
        {
            case "unknown token type":
                return await fixture.Service.ExchangeAsync(
                    new ExchangeRequest { SubjectToken = "t", SubjectTokenType = "urn:other", Audiences = ["svc"] }, CancellationToken.None);
            case "evidence rejected":
                fixture.Attestor.Failure = AttestationFailureKind.InvalidSignature;
                return await fixture.ExchangeJwtAsync("svc");
            case "attestor unavailable":
                fixture.Attestor.Failure = AttestationFailureKind.Unavailable;
                return await fixture.ExchangeJwtAsync("svc");
            case "not registered":
                fixture.Attestor.Selectors = ["aws:account:999999999999"];
                return await fixture.ExchangeJwtAsync("svc");
            case "ambiguous":
                await fixture.RegisterAsync("account-wide", "spiffe://example.org/account", ["aws:account:111122223333"]);
                return await fixture.ExchangeJwtAsync("svc");
            case "identity not available":
                return await fixture.Service.ExchangeAsync(new ExchangeRequest
                {
                    SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Audiences = ["svc"],
                    RequestedSpiffeId = SpiffeId.Parse("spiffe://example.org/ledger"),
                }, CancellationToken.None);
            case "audience required":
                return await fixture.ExchangeJwtAsync();
            case "audience not allowed":
                return await fixture.ExchangeJwtAsync("elsewhere");
            case "replayed" or "replay cache full":
                return await fixture.ExchangeJwtAsync("svc");
            case "invalid csr":
                return await ExchangeX509Async(fixture, [0x30, 0x03, 1, 2, 3]);
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null);
        }
    }

    private static Task<ExchangeResult> ExchangeX509Async(ExchangeFixture fixture, byte[] csr) => fixture.Service.ExchangeAsync(new ExchangeRequest
    {
        SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Kind = SvidKind.X509, CertificateRequest = csr,
    }, CancellationToken.None);

    private static byte[] ValidCsr()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=ignored", key, HashAlgorithmName.SHA256).CreateSigningRequest();
    }

    /// <summary>A store with a bug: it throws something that is not an outage.</summary>
    private sealed class BrokenStore : IRegistrationStore
    {
        public ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bug");

        public ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bug");

        public ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

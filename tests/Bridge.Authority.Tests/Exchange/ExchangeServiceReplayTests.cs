using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Exchange;
using Bridge.Authority.Local.Replay;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Exchange;

/// <summary>
/// When the use of evidence is recorded (only for an entitled, well-formed request) and how replay-cache and store
/// faults surface: an outage is a retryable Unavailable, a bug is an exception, a full cache is its own failure.
/// </summary>
public sealed class ExchangeServiceReplayTests
{
    private const string PaymentsId = "spiffe://example.org/payments";
    private static readonly string[] PaymentsSelectors = ["aws:account:111122223333", "aws:role:payments"];

    [Fact]
    public async Task ExchangeAsync_UnregisteredCaller_LeavesNoReplayRecordAndTheTokenWorksOnceRegistered()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        fixture.Attestor.FixedReplayKey = "same";

        Assert.Equal(ExchangeFailureKind.NotRegistered, (await fixture.ExchangeJwtAsync("svc")).Failure);
        Assert.Equal(0, ((InMemoryReplayCache)fixture.ReplayCache).Count);

        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);
        Assert.Equal(ExchangeFailureKind.Replayed, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Theory]
    [InlineData(new[] { "not-allowed" }, ExchangeFailureKind.AudienceNotAllowed)]
    [InlineData(new[] { "svc", "not-allowed" }, ExchangeFailureKind.AudienceNotAllowed)]
    [InlineData(new string[0], ExchangeFailureKind.AudienceRequired)]
    public async Task ExchangeAsync_AudienceRefused_LeavesNoReplayRecord(string[] audiences, ExchangeFailureKind expected)
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors, ["svc"]);
        fixture.Attestor.FixedReplayKey = "same";

        Assert.Equal(expected, (await fixture.ExchangeJwtAsync(audiences)).Failure);
        Assert.Equal(0, ((InMemoryReplayCache)fixture.ReplayCache).Count);
        Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);
    }

    [Fact]
    public async Task ExchangeAsync_BadCsr_LeavesNoReplayRecord()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        fixture.Attestor.FixedReplayKey = "same";
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=ignored", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        var tampered = (byte[])csr.Clone();
        tampered[^1] ^= 0x01;

        Assert.Equal(ExchangeFailureKind.InvalidCertificateRequest, (await ExchangeX509Async(fixture, tampered)).Failure);
        Assert.Equal(0, ((InMemoryReplayCache)fixture.ReplayCache).Count);
        Assert.True((await ExchangeX509Async(fixture, csr)).Succeeded);
    }

    [Fact]
    public async Task ExchangeAsync_UnregisteredCallersCannotFillTheCache_TheEntitledCallerStillSucceeds()
    {
        var fixture = await new ExchangeFixture(replayMaxEntries: 1).InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        fixture.Attestor.Selectors = ["aws:account:111122223333", "aws:role:intruder"];
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ExchangeFailureKind.NotRegistered, (await fixture.ExchangeJwtAsync("svc")).Failure);
        }

        fixture.Attestor.Selectors = PaymentsSelectors;

        Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);
    }

    [Fact]
    public async Task ExchangeAsync_EntryNotIssuable_LeavesNoReplayRecord()
    {
        // An entry stored around the validator: its refusal is the operator's to fix and must not spend the caller's token.
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.Store.CreateAsync(new RegistrationEntry
        {
            Id = "wild", SpiffeId = PaymentsId, ParentId = ExchangeFixture.Parent, Selectors = [.. PaymentsSelectors.Select(Selector.Parse)],
            DnsNames = ["*.com"],
        }, CancellationToken.None);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=ignored", key, HashAlgorithmName.SHA256).CreateSigningRequest();

        Assert.Equal(ExchangeFailureKind.EntryNotIssuable, (await ExchangeX509Async(fixture, csr)).Failure);
        Assert.Equal(0, ((InMemoryReplayCache)fixture.ReplayCache).Count);
    }

    [Fact]
    public async Task ExchangeAsync_ReplayCacheFull_IsItsOwnFailureNotReplayed()
    {
        var fixture = await new ExchangeFixture(replayMaxEntries: 1).InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);

        var result = await fixture.ExchangeJwtAsync("svc");

        Assert.Equal(ExchangeFailureKind.ReplayCacheFull, result.Failure);
        Assert.Null(result.JwtSvid);
    }

    [Fact]
    public async Task ExchangeAsync_BoundedReusePolicy_IssuesExactlyMaxUsesSvids()
    {
        var fixture = await new ExchangeFixture().InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);
        fixture.Attestor.FixedReplayKey = "reused";
        fixture.Attestor.ReplayPolicy = ReplayPolicy.BoundedReuse(3);

        for (var use = 0; use < 3; use++)
        {
            Assert.True((await fixture.ExchangeJwtAsync("svc")).Succeeded);
        }

        Assert.Equal(ExchangeFailureKind.Replayed, (await fixture.ExchangeJwtAsync("svc")).Failure);
    }

    [Fact]
    public async Task ExchangeAsync_StoreBug_PropagatesInsteadOfRetryableUnavailable()
    {
        var fixture = await new ExchangeFixture(store: new ThrowingStore(new InvalidOperationException("bug"))).InitializeAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.ExchangeJwtAsync("svc"));
    }

    [Fact]
    public async Task ExchangeAsync_ReplayCacheBug_PropagatesAndIssuesNothing()
    {
        var fixture = await new ExchangeFixture(replayCache: new ThrowingReplayCache(new InvalidOperationException("bug"))).InitializeAsync();
        await fixture.RegisterAsync("payments", PaymentsId, PaymentsSelectors);

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.ExchangeJwtAsync("svc"));
    }

    private static Task<ExchangeResult> ExchangeX509Async(ExchangeFixture fixture, byte[] csr) => fixture.Service.ExchangeAsync(
        new ExchangeRequest { SubjectToken = "t", SubjectTokenType = ExchangeFixture.TokenType, Kind = SvidKind.X509, CertificateRequest = csr },
        CancellationToken.None);

    private sealed class ThrowingReplayCache(Exception exception) : IReplayCache
    {
        public ValueTask<ReplayUseResult> TryUseAsync(string key, DateTimeOffset notAfter, ReplayPolicy policy, CancellationToken cancellationToken) =>
            throw exception;
    }

    private sealed class ThrowingStore(Exception exception) : IRegistrationStore
    {
        public ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken) =>
            throw exception;

        public ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken) =>
            throw exception;

        public ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

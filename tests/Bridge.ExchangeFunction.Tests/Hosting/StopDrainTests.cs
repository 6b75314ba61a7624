using Bridge.Abstractions.Keys;
using Bridge.Authority;
using Bridge.Authority.Ca;
using Bridge.Authority.Hosting;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using Bridge.Authority.Rotation;
using Bridge.ExchangeFunction.Hosting;
using Bridge.LambdaHosting;
using Bridge.Spiffe.Id;
using Bridge.Testing.Authority;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>
/// A JWT key or CA rotation step running in the background when the host stops ends before the stop does (within the
/// host's shutdown timeout), so no instance is left waiting out the claim of a step cut short.
/// </summary>
public sealed class StopDrainTests
{
    private static readonly IServiceProvider EmptyServices = new ServiceCollection().BuildServiceProvider();

    private static readonly SpiffeId Subject = SpiffeId.Parse("spiffe://example.org/web");

    [Fact]
    public async Task StopAsync_RotationStepInFlight_WaitsForIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (initializer, ring, issuer, keys, _, _, clock) = await StartedAsync();
        var stepStarted = keys.HoldNextGeneration();
        clock.Advance(SingleProcessAuthority.JwtKeyLifetime);
        // A stale view is refreshed first; the refresh finds the next key due and prepares it in the background.
        await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), ct);
        await stepStarted.WaitAsync(ct);

        var stop = initializer.StopAsync(ct);

        Assert.False(stop.IsCompleted);
        keys.Release();
        await stop;
        Assert.Equal(2, (await keys.GetKeysAsync(ct)).Count);
        Assert.True(ring.WhenIdleAsync(ct).IsCompleted);
    }

    [Fact]
    public async Task StopAsync_ShutdownTimeoutEndsFirst_ReturnsWithoutError()
    {
        var ct = TestContext.Current.CancellationToken;
        var (initializer, _, issuer, keys, _, _, clock) = await StartedAsync();
        var stepStarted = keys.HoldNextGeneration();
        clock.Advance(SingleProcessAuthority.JwtKeyLifetime);
        await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), ct);
        await stepStarted.WaitAsync(ct);
        using var shutdownTimeout = new CancellationTokenSource();

        var stop = initializer.StopAsync(shutdownTimeout.Token);
        await shutdownTimeout.CancelAsync();

        await stop;
        keys.Release();
    }

    [Fact]
    public async Task StopAsync_CaRotationStepInFlight_WaitsForIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (initializer, _, _, _, ca, caKeys, clock) = await StartedAsync();
        var caTtl = new AuthorityOptions().CaTtl;
        // Just before the next CA is due, so the read below is fresh; then a little past it, within the staleness bound.
        clock.Advance((caTtl / 2) - TimeSpan.FromMinutes(1));
        await ca.RefreshAsync(ct);
        var caKeysBefore = (await caKeys.GetKeysAsync(ct)).Count;
        var stepStarted = caKeys.HoldNextGeneration();
        clock.Advance(TimeSpan.FromMinutes(2));
        // The cached CA serves; the background refresh it starts finds the next CA due and begins minting it.
        await ca.GetTrustAnchorsAsync(ct);
        await stepStarted.WaitAsync(ct);

        var stop = initializer.StopAsync(ct);

        Assert.False(stop.IsCompleted);
        caKeys.Release();
        await stop;
        Assert.Equal(caKeysBefore + 1, (await caKeys.GetKeysAsync(ct)).Count);
        Assert.True(ca.WhenIdleAsync(ct).IsCompleted);
    }

    private static async Task<(AuthorityInitializer, JwtKeyRing, JwtSvidIssuer, HeldKeyManager, X509CertificateAuthority, HeldKeyManager, FakeTimeProvider)> StartedAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var keys = new HeldKeyManager();
        var authority = Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" });
        var ring = SingleProcessAuthority.CreateJwtKeyRing(keys, authority, clock);
        var issuer = new JwtSvidIssuer(ring, authority, clock);
        var caKeys = new HeldKeyManager();
        var upstream = SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(new SelfSignedUpstreamOptions()), authority, caKeys, clock);
        var ca = SingleProcessAuthority.CreateCertificateAuthority(authority, caKeys, upstream, clock);
        var initializer = new AuthorityInitializer(
            issuer, ring, ca, new InMemoryRegistrationStore(), new BackendCatalog([], Options.Create(new BackendOptions()), EmptyServices), authority,
            Options.Create(new LambdaHostingOptions()), NullLogger<AuthorityInitializer>.Instance);
        await initializer.StartAsync(TestContext.Current.CancellationToken);
        await initializer.StartedAsync(TestContext.Current.CancellationToken);
        await initializer.WhenReady;
        return (initializer, ring, issuer, keys, ca, caKeys, clock);
    }

    /// <summary>In-memory keys whose next generation, once held, waits for <see cref="Release"/>.</summary>
    private sealed class HeldKeyManager : IKeyManager
    {
        private readonly InMemoryKeyManager _inner = new();
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _held;

        public Task HoldNextGeneration()
        {
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _held.Task;
        }

        public void Release() => _gate.TrySetResult();

        public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken)
        {
            if (_held is { } held)
            {
                held.TrySetResult();
                await _gate.Task.WaitAsync(cancellationToken);
            }

            return await _inner.GenerateKeyAsync(keyId, keyType, cancellationToken);
        }

        public Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken) => _inner.GetKeyAsync(keyId, cancellationToken);

        public Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken) => _inner.GetKeysAsync(cancellationToken);

        public Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken) => _inner.DeleteKeyAsync(keyId, cancellationToken);
    }
}

using Bridge.Authority.Ca;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Replay;
using Bridge.Authority.Telemetry;
using Bridge.Testing.Authority;
using Bridge.Testing.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Telemetry;

/// <summary>The observable gauges: time to expiry of the active CA and JWT key, and the replay cache's size.</summary>
public sealed class AuthorityMetricsTests
{
    private static readonly IOptions<AuthorityOptions> Options =
        Microsoft.Extensions.Options.Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" });

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ObserveExpiry_LoadedCaAndKey_ReportSecondsLeftAndCountDown()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MetricRecorder(factory);
        var keys = new InMemoryKeyManager();
        var ca = SingleProcessAuthority.CreateCertificateAuthority(Options, keys,
            SingleProcessAuthority.CreateSelfSignedUpstream(Microsoft.Extensions.Options.Options.Create(new SelfSignedUpstreamOptions()), Options, keys, _time), _time);
        var ring = SingleProcessAuthority.CreateJwtKeyRing(keys, Options, _time);
        new AuthorityMetrics(factory, _time).ObserveExpiry(ca, ring);

        // Nothing loaded yet: no value rather than a made-up one.
        recorder.Observe();
        Assert.Empty(recorder.Of(AuthorityMetrics.CaTimeToExpiryName));
        Assert.Empty(recorder.Of(AuthorityMetrics.KeyTimeToExpiryName));

        await ca.InitializeAsync(CancellationToken.None);
        await ring.InitializeAsync(CancellationToken.None);
        recorder.Observe();
        _time.Advance(TimeSpan.FromHours(1));
        recorder.Observe();

        var caValues = recorder.Of(AuthorityMetrics.CaTimeToExpiryName).Select(m => m.Value).ToArray();
        Assert.Equal(2, caValues.Length);
        Assert.Equal((ca.NotAfter - _time.GetUtcNow()).TotalSeconds + 3600, caValues[0], 3);
        Assert.Equal(3600, caValues[0] - caValues[1], 3);

        var keyValues = recorder.Of(AuthorityMetrics.KeyTimeToExpiryName).Select(m => m.Value).ToArray();
        Assert.Equal(2, keyValues.Length);
        Assert.Equal(SingleProcessAuthority.JwtKeyLifetime.TotalSeconds, keyValues[0], 3);
        Assert.Equal(3600, keyValues[0] - keyValues[1], 3);
    }

    [Fact]
    public async Task ObserveReplayCacheEntries_ReportsTheCountAtEachCollection()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MetricRecorder(factory);
        var cache = new InMemoryReplayCache(_time);
        new AuthorityMetrics(factory, _time).ObserveReplayCacheEntries(() => cache.Count);

        recorder.Observe();
        await cache.TryUseAsync("a", _time.GetUtcNow().AddMinutes(5), Abstractions.Replay.ReplayPolicy.SingleUse, CancellationToken.None);
        await cache.TryUseAsync("b", _time.GetUtcNow().AddMinutes(5), Abstractions.Replay.ReplayPolicy.SingleUse, CancellationToken.None);
        recorder.Observe();

        Assert.Equal([0d, 2d], recorder.Of(AuthorityMetrics.ReplayCacheEntriesName).Select(m => m.Value));
    }
}

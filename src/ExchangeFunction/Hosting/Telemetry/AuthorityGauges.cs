using Bridge.Abstractions.Replay;
using Bridge.Authority.Ca;
using Bridge.Authority.Local.Replay;
using Bridge.Authority.Rotation;
using Bridge.Authority.Telemetry;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// Puts the observable gauges on the authority's parts at start, after <see cref="AuthorityInitializer"/> (registered
/// before it) has built them. Done here rather than when <see cref="AuthorityMetrics"/> is built: the metrics are
/// needed by the AWS clients those parts depend on, so building the parts for the metrics would go in a circle.
/// </summary>
internal sealed class AuthorityGauges(IServiceProvider services) : IHostedService
{
    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var metrics = services.GetRequiredService<AuthorityMetrics>();
        metrics.ObserveExpiry(services.GetRequiredService<X509CertificateAuthority>(), services.GetRequiredService<JwtKeyRing>());

        // Only the in-memory cache counts its records for free; DynamoDB would need a scan, so its size is not reported.
        if (services.GetRequiredService<IReplayCache>() is InMemoryReplayCache cache)
        {
            metrics.ObserveReplayCacheEntries(() => cache.Count);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

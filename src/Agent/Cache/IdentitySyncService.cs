namespace Bridge.Agent.Cache;

/// <summary>
/// Runs <see cref="IdentitySynchronizer"/> round after round: every <see cref="IdentityCacheOptions.SyncInterval"/>
/// while all is well, sooner for a renewal or an expiry, and with backoff through an outage. Waits on the injected
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class IdentitySyncService(IServiceProvider services, TimeProvider time, ILogger<IdentitySyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: the host builds its hosted services before it validates the settings,
        // and the synchronizer reads them; this way a bad setting is reported with all the others.
        var synchronizer = services.GetRequiredService<IdentitySynchronizer>();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await synchronizer.SyncOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A bug in one round must not stop the agent from serving and syncing: log it, back off, go on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                delay = synchronizer.AfterCrash(time.GetUtcNow());
                CacheLog.SyncCrashed(logger, exception, delay);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

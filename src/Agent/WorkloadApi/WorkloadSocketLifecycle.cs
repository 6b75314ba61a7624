namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// Runs <see cref="WorkloadSocketGuard"/> around Kestrel's own start and stop: the host calls every
/// <see cref="IHostedLifecycleService.StartingAsync"/> before the server binds and <see cref="StartedAsync"/> after.
/// </summary>
internal sealed class WorkloadSocketLifecycle(WorkloadSocketGuard guard, ILogger<WorkloadSocketLifecycle> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (guard.PrepareForBind())
        {
            WorkloadApiLog.StaleSocketRemoved(logger, guard.SocketPath);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        guard.AfterBind();
        WorkloadApiLog.Serving(logger, guard.SocketPath);
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (guard.RemoveSocket())
        {
            WorkloadApiLog.SocketRemoved(logger, guard.SocketPath);
        }

        return Task.CompletedTask;
    }
}

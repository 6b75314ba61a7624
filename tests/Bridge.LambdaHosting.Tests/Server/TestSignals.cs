namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>Hand-offs between a test and the endpoints of <see cref="LambdaTestApp"/>.</summary>
internal sealed class TestSignals
{
    /// <summary>Set when /slow has started waiting on RequestAborted.</summary>
    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released when <see cref="BarrierSize"/> requests to /barrier are in flight at once.</summary>
    public TaskCompletionSource BarrierReleased { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many concurrent /barrier requests release the barrier.</summary>
    public int BarrierSize { get; set; } = 2;

    /// <summary>Requests that reached /barrier.</summary>
    public int BarrierArrivals;

    /// <summary>Set when an OnCompleted callback registered by /completed has run.</summary>
    public TaskCompletionSource OnCompletedRan { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

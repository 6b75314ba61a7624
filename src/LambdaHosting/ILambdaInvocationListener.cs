namespace Bridge.LambdaHosting;

/// <summary>
/// Told when an invocation is over: its response (or error) is posted and the loop is about to ask for the next one.
/// Lambda may freeze the environment from then until the next invocation, or for good, so work that must not wait
/// that long (flushing buffered metrics, for example) belongs here. It runs on the invocation loop, after the caller
/// has its answer: keep it short.
/// </summary>
public interface ILambdaInvocationListener
{
    /// <summary>Called once after each invocation, whatever its outcome. An exception is logged and ignored.</summary>
    void InvocationCompleted();
}

namespace Bridge.LambdaHosting.Runtime;

/// <summary>One invocation handed out by <c>GET /runtime/invocation/next</c>.</summary>
/// <param name="RequestId">The <c>Lambda-Runtime-Aws-Request-Id</c> header: the id every answer is posted under.</param>
/// <param name="Deadline">The <c>Lambda-Runtime-Deadline-Ms</c> header as an instant, or null when absent or unreadable.</param>
/// <param name="TraceId">The <c>Lambda-Runtime-Trace-Id</c> header (X-Ray), or null.</param>
/// <param name="InvokedFunctionArn">The <c>Lambda-Runtime-Invoked-Function-Arn</c> header, or null.</param>
/// <param name="Event">The raw event JSON.</param>
internal sealed record LambdaInvocation(
    string RequestId,
    DateTimeOffset? Deadline,
    string? TraceId,
    string? InvokedFunctionArn,
    byte[] Event);

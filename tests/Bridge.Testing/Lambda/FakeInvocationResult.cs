namespace Bridge.Testing.Lambda;

/// <summary>What the function posted for one invocation.</summary>
/// <param name="RequestId">The invocation's request id.</param>
/// <param name="IsError">True for <c>/error</c>, false for <c>/response</c>.</param>
/// <param name="Body">The posted body (the HTTP API response JSON, or the error JSON).</param>
/// <param name="ErrorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, empty when absent.</param>
public sealed record FakeInvocationResult(string RequestId, bool IsError, string Body, string ErrorType);

namespace Bridge.Testing.Lambda;

/// <summary>One post to <c>/runtime/init/error</c>.</summary>
/// <param name="Body">The posted error JSON.</param>
/// <param name="ErrorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, empty when absent.</param>
public sealed record FakeInitError(string Body, string ErrorType);

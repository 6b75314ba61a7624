using System.Text.Json;

namespace Bridge.LambdaHosting;

/// <summary>
/// Handles invocations that are not HTTP requests, such as a scheduled EventBridge event that triggers key rotation.
/// API Gateway and Function URLs only ever deliver HTTP events, so a non-HTTP event can come only from a caller IAM
/// allowed <c>lambda:InvokeFunction</c>: that permission, not a route, is what guards these operations.
/// </summary>
public interface ILambdaEventHandler
{
    /// <summary>
    /// Returns the JSON response for an event this handler recognises, or null to leave the event to other handlers.
    /// An exception fails the invocation with a generic error (details are logged, never returned).
    /// </summary>
    /// <param name="invocationEvent">The invocation's event document.</param>
    /// <param name="cancellationToken">Cancelled at the invocation's deadline.</param>
    ValueTask<byte[]?> TryHandleAsync(JsonElement invocationEvent, CancellationToken cancellationToken);
}

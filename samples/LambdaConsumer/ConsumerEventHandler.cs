using System.Text.Json;
using Bridge.LambdaHosting;

namespace Bridge.Samples.LambdaConsumer;

/// <summary>
/// Turns a direct invocation (<c>aws lambda invoke --payload '{"peerPath":"whoami"}'</c>) into a
/// <see cref="ConsumerFunction"/> call and its <see cref="ConsumerResponse"/> into the invocation's result.
/// </summary>
internal sealed class ConsumerEventHandler(ConsumerFunction function) : ILambdaEventHandler
{
    public async ValueTask<byte[]?> TryHandleAsync(JsonElement invocationEvent, CancellationToken cancellationToken)
    {
        // Anything without a string peerPath is not this function's event: the hosting answers Runtime.InvalidEvent.
        if (invocationEvent.ValueKind != JsonValueKind.Object
            || !invocationEvent.TryGetProperty("peerPath", out var peerPath)
            || peerPath.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var request = invocationEvent.Deserialize(ConsumerJsonContext.Default.ConsumerRequest)!;
        var response = await function.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(response, ConsumerJsonContext.Default.ConsumerResponse);
    }
}

using System.Text.Json.Serialization;

namespace Bridge.LambdaHosting.Runtime;

/// <summary>The error body the Runtime API accepts on <c>/invocation/{id}/error</c> and <c>/init/error</c>.</summary>
internal sealed class LambdaErrorPayload
{
    /// <summary>Human-readable message.</summary>
    [JsonPropertyName("errorMessage")]
    public required string ErrorMessage { get; init; }

    /// <summary>The error's type name.</summary>
    [JsonPropertyName("errorType")]
    public required string ErrorType { get; init; }
}

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>An AWS error from ACM PCA: the <c>__type</c> name without its namespace, the message and the HTTP status.</summary>
/// <param name="Code">The error name, e.g. <c>ResourceNotFoundException</c>.</param>
/// <param name="Message">PCA's message (it names resources, never secrets).</param>
/// <param name="StatusCode">The HTTP status.</param>
public sealed record AcmPcaError(string Code, string Message, int StatusCode)
{
    /// <summary>The certificate is still being issued; ask again later.</summary>
    public const string RequestInProgress = "RequestInProgressException";

    /// <summary>The response could not be read as PCA's JSON.</summary>
    public const string MalformedResponse = "MalformedResponse";

    /// <inheritdoc/>
    public override string ToString() => $"{Code} (HTTP {StatusCode}): {Message}";
}

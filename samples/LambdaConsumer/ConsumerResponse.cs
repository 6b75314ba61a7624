namespace Bridge.Samples.LambdaConsumer;

/// <summary>The function's output. Never carries a token or a secret key.</summary>
/// <param name="Error">Null on success; otherwise what failed: an STS error code (<c>AccessDenied</c>, ...) or <c>PeerRefused</c>.</param>
/// <param name="AssumedRoleArn">The assumed-role session ARN STS returned.</param>
/// <param name="AccessKeyId">The temporary credentials' access key ID (not secret).</param>
/// <param name="CredentialsExpireAt">When the temporary credentials expire.</param>
/// <param name="PeerStatus">The peer's HTTP status.</param>
/// <param name="PeerBody">The peer's answer.</param>
public sealed record ConsumerResponse(
    string? Error,
    string? AssumedRoleArn = null,
    string? AccessKeyId = null,
    DateTimeOffset? CredentialsExpireAt = null,
    int? PeerStatus = null,
    string? PeerBody = null);

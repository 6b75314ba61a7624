namespace Bridge.Abstractions.Nodes;

/// <summary>
/// The evidence a node agent presented: the attestor-specific payload, a JSON object in UTF-8 (for <c>aws_iid</c>:
/// <c>{"rsa2048": "…", "document": "…"}</c>). Untrusted, bounded in size by the caller, never logged.
/// </summary>
/// <param name="Payload">The UTF-8 JSON payload exactly as received.</param>
public sealed record NodeAttestationRequest(ReadOnlyMemory<byte> Payload)
{
    /// <inheritdoc/>
    public override string ToString() => $"NodeAttestationRequest {{ Payload = {Payload.Length} bytes }}";
}

namespace Bridge.Agent.Node;

/// <summary>What the agent sends in <c>POST /agent/v1/attest</c> besides its CSR. Secret material: never log it.</summary>
/// <param name="EvidenceJson">The UTF-8 JSON object of the <c>evidence</c> member, e.g. <c>{"rsa2048":"…"}</c>.</param>
/// <param name="WebIdentityToken">A fresh STS web identity token proving a safe re-attestation, or null.</param>
public sealed record NodeEvidence(ReadOnlyMemory<byte> EvidenceJson, string? WebIdentityToken)
{
    /// <inheritdoc/>
    public override string ToString() => $"node evidence ({EvidenceJson.Length} bytes{(WebIdentityToken is null ? string.Empty : ", with a web identity token")})";
}

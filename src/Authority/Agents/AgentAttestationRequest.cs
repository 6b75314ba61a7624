namespace Bridge.Authority.Agents;

/// <summary>A node agent's first (or repeated) attestation: its evidence and the key it wants its agent SVID for.</summary>
/// <param name="AttestorName">The node attestor the agent names, e.g. <c>aws_iid</c> (untrusted).</param>
/// <param name="Evidence">The attestor's payload, a UTF-8 JSON object (untrusted, never logged).</param>
/// <param name="CertificateRequest">The agent's DER PKCS#10 request (untrusted); only its public key is used.</param>
/// <param name="WebIdentityToken">
/// An optional fresh STS <c>GetWebIdentityToken</c> JWT whose <c>ec2_source_instance_arn</c> names the node: it allows a
/// safe re-attestation when the node already has a record (never logged).
/// </param>
public sealed record AgentAttestationRequest(
    string AttestorName, ReadOnlyMemory<byte> Evidence, ReadOnlyMemory<byte> CertificateRequest, string? WebIdentityToken)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"AgentAttestationRequest {{ AttestorName = {AttestorName}, Evidence = {Evidence.Length} bytes, WebIdentityToken = {(WebIdentityToken is null ? "none" : "present")} }}";
}

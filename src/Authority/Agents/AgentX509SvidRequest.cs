namespace Bridge.Authority.Agents;

/// <summary>One request of an agent's X.509-SVID batch.</summary>
/// <param name="EntryId">The authorized entry to issue for.</param>
/// <param name="CertificateRequest">The workload's DER PKCS#10 request (untrusted). Never logged.</param>
public sealed record AgentX509SvidRequest(string EntryId, ReadOnlyMemory<byte> CertificateRequest)
{
    /// <inheritdoc/>
    public override string ToString() => $"AgentX509SvidRequest {{ EntryId = {EntryId} }}";
}

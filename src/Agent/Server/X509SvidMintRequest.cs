namespace Bridge.Agent.Server;

/// <summary>One item of an X.509-SVID batch.</summary>
/// <param name="EntryId">The authorized entry to issue for.</param>
/// <param name="Csr">The PKCS#10 request, DER, signed with the key the agent generated for this SVID.</param>
public sealed record X509SvidMintRequest(string EntryId, ReadOnlyMemory<byte> Csr);

namespace Bridge.Abstractions.Upstream;

/// <summary>
/// Signs Bridge's intermediate CA (SPIRE's UpstreamAuthority): a local self-signed root, or ACM PCA. Bridge then
/// signs leaves with the intermediate's key, which the key manager holds.
/// </summary>
public interface IUpstreamAuthority
{
    /// <summary>Signs a CA certificate for the PKCS#10 request <paramref name="csrDer"/>.</summary>
    /// <param name="csrDer">DER PKCS#10 request for the intermediate; its key is Bridge's CA key.</param>
    /// <param name="preferredTtl">The lifetime Bridge asks for; the upstream may shorten it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<UpstreamCaChain> MintX509CaAsync(ReadOnlyMemory<byte> csrDer, TimeSpan preferredTtl, CancellationToken cancellationToken);
}

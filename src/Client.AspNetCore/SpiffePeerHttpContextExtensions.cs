using Bridge.Spiffe.Id;
using Microsoft.AspNetCore.Http;

namespace Bridge.Client.AspNetCore;

/// <summary>The verified peer SPIFFE ID of a request served by an endpoint using <see cref="BridgeMtlsListenOptionsExtensions.UseBridgeMtls"/>.</summary>
public static class SpiffePeerHttpContextExtensions
{
    /// <summary>
    /// The client's SPIFFE ID as verified and authorized in the TLS handshake, or the zero ID when the request did not
    /// arrive over a Bridge mTLS endpoint. The certificate's URI SAN is never read on its own: only a handshake check
    /// sets this.
    /// </summary>
    public static SpiffeId GetPeerSpiffeId(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ISpiffePeerFeature>()?.PeerId ?? default;
    }
}

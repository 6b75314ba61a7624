using Bridge.Spiffe.Id;

namespace Bridge.Client.AspNetCore;

/// <summary>
/// The SPIFFE ID of the client on this connection, verified against the bundle and authorized during the TLS
/// handshake by <see cref="BridgeMtlsListenOptionsExtensions.UseBridgeMtls"/>.
/// </summary>
public interface ISpiffePeerFeature
{
    /// <summary>The peer's SPIFFE ID; the zero ID if the handshake did not verify one.</summary>
    SpiffeId PeerId { get; }
}

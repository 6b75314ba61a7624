using Bridge.Spiffe.Id;

namespace Bridge.Client.AspNetCore;

/// <summary>Set on the connection before the handshake; filled in by the certificate check when it accepts the peer.</summary>
internal sealed class SpiffePeerFeature : ISpiffePeerFeature
{
    public SpiffeId PeerId { get; set; }
}

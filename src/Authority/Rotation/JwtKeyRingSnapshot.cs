using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Rotation;

/// <summary>An instance's view of the JWT keys: the state as read at <see cref="ReadAt"/>, with the active key loaded.</summary>
internal sealed class JwtKeyRingSnapshot(Versioned<JwtKeyState> stored, DateTimeOffset readAt, JwtSigner signer, string activeSlotId) : ICachedView
{
    public JwtKeyState State { get; } = stored.State;

    /// <summary>The document revision; it grows with every change, so it serves as the bundle's <c>spiffe_sequence</c>.</summary>
    public long Revision { get; } = stored.Revision;

    /// <summary>When the read began: the age of the view is measured conservatively from here.</summary>
    public DateTimeOffset ReadAt { get; } = readAt;

    public JwtSigner Signer { get; } = signer;

    public string ActiveSlotId { get; } = activeSlotId;
}

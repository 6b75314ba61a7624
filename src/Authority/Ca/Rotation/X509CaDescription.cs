namespace Bridge.Authority.Ca.Rotation;

/// <summary>The shared X.509 CA state, for <c>bridge ca show</c>.</summary>
/// <param name="Revision">The "x509-ca" state document's revision (0: no CA yet).</param>
/// <param name="Slots">The slots, in claim order.</param>
public sealed record X509CaDescription(long Revision, IReadOnlyList<X509CaSlotDescription> Slots);

namespace Bridge.Authority.Rotation;

/// <summary>The JWT signing keys' rotation state, for <c>bridge ca show</c>.</summary>
/// <param name="Revision">The state document's revision (0: never written).</param>
/// <param name="Slots">Every slot, in the order they were created.</param>
/// <param name="NextStepAt">When the next rotation step becomes due.</param>
public sealed record JwtKeySetDescription(long Revision, IReadOnlyList<JwtKeySlotInfo> Slots, DateTimeOffset NextStepAt);

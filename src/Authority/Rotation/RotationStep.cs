namespace Bridge.Authority.Rotation;

/// <summary>One step a rotation run took.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="SlotId">The slot (and key manager key id) it happened to.</param>
/// <param name="KeyId">The slot's <c>kid</c>, when it has a key.</param>
public sealed record RotationStep(RotationStepKind Kind, string SlotId, string? KeyId);

namespace Bridge.Authority.Rotation.Engine;

/// <summary>What one run of the claim loop (<see cref="SlotStateStore{TState, TCodec}.UpdateAsync"/>) ended with.</summary>
/// <typeparam name="TState">The decoded document.</typeparam>
/// <typeparam name="TPlan">What the winning decision means to its caller.</typeparam>
/// <param name="Current">The state written, or the state read when nothing was to change.</param>
/// <param name="Plan">The decision that was written (or found nothing to change).</param>
/// <param name="Written">True when this call's write won.</param>
internal readonly record struct SlotUpdate<TState, TPlan>(Versioned<TState> Current, TPlan Plan, bool Written);

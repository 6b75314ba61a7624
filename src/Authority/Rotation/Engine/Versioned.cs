namespace Bridge.Authority.Rotation.Engine;

/// <summary>A decoded state document with the revision it was read or written at (0: the document is absent).</summary>
/// <typeparam name="TState">The document's content.</typeparam>
/// <param name="State">The decoded content; the codec's empty state when the document is absent.</param>
/// <param name="Revision">The revision a compare-and-swap of this state must expect.</param>
internal sealed record Versioned<TState>(TState State, long Revision);

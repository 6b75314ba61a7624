namespace Bridge.Authority.Rotation.Engine;

/// <summary>
/// How a rotation policy stores its slots: the wire format of one state document. Each policy keeps its own format
/// (and its own format number), so documents written by earlier versions stay readable.
/// </summary>
/// <typeparam name="TState">The decoded document.</typeparam>
internal interface ISlotStateCodec<TState>
    where TState : class
{
    /// <summary>What an absent document means.</summary>
    static abstract TState Empty { get; }

    /// <summary>The document's content as stored.</summary>
    static abstract byte[] Encode(TState state);

    /// <summary>Decodes a stored document, refusing one this version cannot act on safely (and never overwriting it).</summary>
    /// <param name="content">The stored content.</param>
    /// <param name="documentName">The document's name, for error messages.</param>
    static abstract TState Decode(ReadOnlySpan<byte> content, string documentName);
}

namespace Bridge.Abstractions.State;

/// <summary>A document of an <see cref="IAuthorityStateStore"/>.</summary>
/// <param name="Name">The document's name.</param>
/// <param name="Revision">Starts at 1 and grows by one with every successful write.</param>
/// <param name="Content">The opaque content; its owner defines the format.</param>
public sealed record StateDocument(string Name, long Revision, ReadOnlyMemory<byte> Content);

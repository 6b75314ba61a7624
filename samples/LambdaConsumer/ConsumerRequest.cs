namespace Bridge.Samples.LambdaConsumer;

/// <summary>The function's input.</summary>
/// <param name="PeerPath">The path to call on the peer service, relative to its base address.</param>
public sealed record ConsumerRequest(string PeerPath);

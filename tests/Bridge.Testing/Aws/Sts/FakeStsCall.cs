namespace Bridge.Testing.Aws.Sts;

/// <summary>One request the fake STS received, as it arrived on the wire (form fields, before validation).</summary>
public sealed record FakeStsCall(
    string? Action,
    string? Version,
    IReadOnlyList<string> Audiences,
    string? SigningAlgorithm,
    string? DurationSeconds,
    bool Signed);

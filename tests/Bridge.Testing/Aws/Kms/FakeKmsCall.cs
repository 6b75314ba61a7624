namespace Bridge.Testing.Aws.Kms;

/// <summary>One call received by <see cref="FakeKmsServer"/>.</summary>
/// <param name="Operation">The KMS operation, e.g. <c>Sign</c>.</param>
/// <param name="KeyId">The request's <c>KeyId</c> (or <c>TargetKeyId</c>) exactly as sent: an id, ARN or alias.</param>
/// <param name="AliasName">The request's <c>AliasName</c>, if any.</param>
public sealed record FakeKmsCall(string Operation, string? KeyId, string? AliasName)
{
    /// <summary>The request's <c>EncryptionContext</c>, or null when it had none.</summary>
    public IReadOnlyDictionary<string, string>? EncryptionContext { get; init; }
}

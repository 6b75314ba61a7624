namespace Bridge.Abstractions.Attestation;

/// <summary>The evidence a caller presented: RFC 8693 <c>subject_token</c> and <c>subject_token_type</c>.</summary>
/// <param name="SubjectToken">The presented token, untrusted and never logged.</param>
/// <param name="SubjectTokenType">The token-type URI the caller declared.</param>
public sealed record AttestationRequest(string SubjectToken, string SubjectTokenType)
{
    /// <inheritdoc/>
    public override string ToString() => $"AttestationRequest {{ SubjectTokenType = {SubjectTokenType} }}";
}

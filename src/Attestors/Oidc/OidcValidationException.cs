using Bridge.Abstractions.Attestation;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Attestors.Oidc;

/// <summary>Thrown from validation callbacks to carry an exact failure kind out of the token handler.</summary>
internal sealed class OidcValidationException : SecurityTokenValidationException
{
    public OidcValidationException()
    {
        Reason = string.Empty;
    }

    public OidcValidationException(string message)
        : base(message)
    {
        Reason = message;
    }

    public OidcValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public OidcValidationException(AttestationFailureKind kind, string reason)
        : base(reason)
    {
        Kind = kind;
        Reason = reason;
    }

    public AttestationFailureKind Kind { get; } = AttestationFailureKind.InvalidSignature;

    public string Reason { get; }
}

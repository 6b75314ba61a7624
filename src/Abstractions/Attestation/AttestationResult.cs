using System.Diagnostics.CodeAnalysis;

namespace Bridge.Abstractions.Attestation;

/// <summary>The outcome of attestation: verified facts, or a failure kind. Bad evidence is a value, not an exception.</summary>
public sealed class AttestationResult
{
    private AttestationResult(AttestedIdentity? identity, AttestationFailureKind failureKind, string? detail)
    {
        Identity = identity;
        FailureKind = failureKind;
        Detail = detail;
    }

    /// <summary>The verified identity when <see cref="Succeeded"/>.</summary>
    public AttestedIdentity? Identity { get; }

    /// <summary>Why attestation failed; <see cref="AttestationFailureKind.None"/> on success.</summary>
    public AttestationFailureKind FailureKind { get; }

    /// <summary>An internal explanation for the audit log. Never contains the token; never sent to the caller.</summary>
    public string? Detail { get; }

    /// <summary>True when the evidence was verified.</summary>
    [MemberNotNullWhen(true, nameof(Identity))]
    public bool Succeeded => Identity is not null;

    /// <summary>A successful result.</summary>
    public static AttestationResult Success(AttestedIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new AttestationResult(identity, AttestationFailureKind.None, null);
    }

    /// <summary>A failed result.</summary>
    public static AttestationResult Failure(AttestationFailureKind kind, string? detail = null)
    {
        if (kind == AttestationFailureKind.None)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), "A failure needs a failure kind.");
        }

        return new AttestationResult(null, kind, detail);
    }
}

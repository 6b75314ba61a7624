namespace Bridge.Abstractions.Attestation;

/// <summary>
/// Verifies one kind of evidence and returns facts. Implementations never throw for bad evidence (they return a
/// failure), honour cancellation, and never sign anything.
/// </summary>
public interface IAttestor
{
    /// <summary>The attestor kind, for logs (for example <c>oidc</c>).</summary>
    string Name { get; }

    /// <summary>The <c>subject_token_type</c> URIs this attestor accepts. Two attestors may not share one.</summary>
    IReadOnlyCollection<string> SubjectTokenTypes { get; }

    /// <summary>Verifies the evidence.</summary>
    ValueTask<AttestationResult> AttestAsync(AttestationRequest request, CancellationToken cancellationToken);
}

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Svid.X509;

/// <summary>The outcome of <see cref="X509SvidVerifier.Verify"/>: a verified ID and chain, or a stable reason.</summary>
public sealed class X509SvidVerificationResult
{
    private X509SvidVerificationResult(SpiffeId id, IReadOnlyList<X509Certificate2> verifiedChain, string? error)
    {
        Id = id;
        VerifiedChain = verifiedChain;
        Error = error;
    }

    /// <summary>True when the chain is a valid X.509-SVID.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    /// <summary>The leaf's SPIFFE ID; zero on failure.</summary>
    public SpiffeId Id { get; }

    /// <summary>The validated path from the leaf to the bundle authority (inclusive); empty on failure.</summary>
    public IReadOnlyList<X509Certificate2> VerifiedChain { get; }

    /// <summary>Why verification failed (a stable, operator-safe string); null on success.</summary>
    public string? Error { get; }

    internal static X509SvidVerificationResult Success(SpiffeId id, IReadOnlyList<X509Certificate2> chain) => new(id, chain, null);

    internal static X509SvidVerificationResult Failure(string error) => new(default, [], error);
}

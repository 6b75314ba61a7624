using Bridge.Abstractions.Replay;

namespace Bridge.Abstractions.Attestation;

/// <summary>The verified facts an attestor extracted from evidence. Attestors return facts; they never sign.</summary>
public sealed record AttestedIdentity
{
    /// <summary>
    /// The configured attestor instance that verified the evidence (for example <c>aws-sts</c>). Registration entries
    /// name it as their parent: <c>spiffe://&lt;td&gt;/bridge/attestor/&lt;name&gt;</c>.
    /// </summary>
    public required string Attestor { get; init; }

    /// <summary>The verified issuer of the evidence.</summary>
    public required string Issuer { get; init; }

    /// <summary>The verified subject (for STS tokens, the IAM principal ARN). For audit, never for matching alone.</summary>
    public required string Subject { get; init; }

    /// <summary>Verified selectors, distinct and sorted ordinally.</summary>
    public required IReadOnlyList<Selector> Selectors { get; init; }

    /// <summary>
    /// Verified values that SPIFFE ID templates may use, such as <c>account</c> or <c>role_name</c>. Only verified
    /// claims go here, never caller-chosen ones such as STS <c>request_tags</c>.
    /// </summary>
    public required IReadOnlyDictionary<string, string> TemplateValues { get; init; }

    /// <summary>When the evidence expires; a replay record must outlive it.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>
    /// A stable key identifying this piece of evidence for replay enforcement: issuer + jti, or a hash of what the
    /// issuer signed (never of the signature, which a holder may re-encode without the key, as ECDSA s → n − s).
    /// </summary>
    public required string ReplayKey { get; init; }

    /// <summary>
    /// How many times this evidence may be exchanged within its life: single use unless the attestor's configuration
    /// for its issuer allows bounded reuse.
    /// </summary>
    public ReplayPolicy ReplayPolicy { get; init; } = ReplayPolicy.SingleUse;
}

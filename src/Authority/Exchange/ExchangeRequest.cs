using Bridge.Spiffe.Id;

namespace Bridge.Authority.Exchange;

/// <summary>A parsed, protocol-neutral exchange request. The HTTP edge builds it from the RFC 8693 form.</summary>
public sealed record ExchangeRequest
{
    /// <summary>The presented evidence (never logged).</summary>
    public required string SubjectToken { get; init; }

    /// <summary>The declared token-type URI of <see cref="SubjectToken"/>.</summary>
    public required string SubjectTokenType { get; init; }

    /// <summary>What to issue.</summary>
    public SvidKind Kind { get; init; }

    /// <summary>Audiences for a JWT-SVID; each must be allowed by the matched entry.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>The SPIFFE ID the caller wants when several entries match (RFC 8693 <c>resource</c>).</summary>
    public SpiffeId? RequestedSpiffeId { get; init; }

    /// <summary>The DER PKCS#10 request for an X.509-SVID.</summary>
    public ReadOnlyMemory<byte> CertificateRequest { get; init; }

    /// <summary>The lifetime the caller asks for; the issued lifetime is never longer than the entry's or the key's limit.</summary>
    public TimeSpan? RequestedTtl { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"ExchangeRequest {{ Kind = {Kind}, SubjectTokenType = {SubjectTokenType} }}";
}

using System.Diagnostics.CodeAnalysis;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Exchange;

/// <summary>The outcome of an exchange: an issued SVID, or a failure kind.</summary>
public sealed class ExchangeResult
{
    private ExchangeResult(ExchangeFailureKind failure) => Failure = failure;

    private ExchangeResult(SpiffeId spiffeId, string entryId, string? hint, JwtSvidIssuance? jwt, X509SvidIssuance? x509)
    {
        SpiffeId = spiffeId;
        EntryId = entryId;
        Hint = hint;
        JwtSvid = jwt;
        X509Svid = x509;
    }

    /// <summary>Why the exchange failed; <see cref="ExchangeFailureKind.None"/> on success.</summary>
    public ExchangeFailureKind Failure { get; }

    /// <summary>True when an SVID was issued.</summary>
    [MemberNotNullWhen(true, nameof(EntryId))]
    public bool Succeeded => Failure == ExchangeFailureKind.None;

    /// <summary>The issued identity.</summary>
    public SpiffeId SpiffeId { get; }

    /// <summary>The registration entry that granted it.</summary>
    public string? EntryId { get; }

    /// <summary>The entry's hint, if any.</summary>
    public string? Hint { get; }

    /// <summary>The JWT-SVID, when one was requested.</summary>
    public JwtSvidIssuance? JwtSvid { get; }

    /// <summary>The X.509-SVID, when one was requested.</summary>
    public X509SvidIssuance? X509Svid { get; }

    internal static ExchangeResult Fail(ExchangeFailureKind kind) => new(kind);

    internal static ExchangeResult Issued(SpiffeId id, string entryId, string? hint, JwtSvidIssuance jwt) => new(id, entryId, hint, jwt, null);

    internal static ExchangeResult Issued(SpiffeId id, string entryId, string? hint, X509SvidIssuance x509) => new(id, entryId, hint, null, x509);
}

using Bridge.Abstractions.Attestation;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Registration;

namespace Bridge.Authority.Exchange;

public sealed partial class ExchangeService
{
    /// <summary>A JWT-SVID needs audiences, and each must be allowed by the entry: the request only narrows what the entry allows.</summary>
    private static ExchangeFailureKind AuthorizeAudiences(EntryMatch match, ExchangeRequest request)
    {
        if (request.Audiences.Count == 0)
        {
            return ExchangeFailureKind.AudienceRequired;
        }

        foreach (var audience in request.Audiences)
        {
            if (!match.Entry.Audiences.Contains(audience, StringComparer.Ordinal))
            {
                return ExchangeFailureKind.AudienceNotAllowed;
            }
        }

        return ExchangeFailureKind.None;
    }

    /// <summary>
    /// An X.509-SVID needs an entry whose DNS names the issuer accepts and a usable CSR; <paramref name="csr"/> is set
    /// only when both hold.
    /// </summary>
    private ExchangeFailureKind AuthorizeCertificate(AttestedIdentity identity, EntryMatch match, ExchangeRequest request, out ParsedCsr? csr)
    {
        csr = null;

        // Stores validate entries on write, but an entry may predate the DNS-name rule or be written around it: check it
        // with the issuer's own rule here, so such an entry is refused (4xx) instead of making the issuer throw (500).
        if (match.Entry.DnsNames.FirstOrDefault(name => !DnsName.IsValid(name)) is not null)
        {
            Log.EntryNotIssuable(_logger, match.Entry.Id, "dns_names break the DNS-name rule", identity.Attestor, AuditSubject(identity));
            return ExchangeFailureKind.EntryNotIssuable;
        }

        var failure = X509SvidIssuer.TryParseRequest(request.CertificateRequest, out csr);
        if (csr is null)
        {
            Log.CertificateRequestRejected(_logger, failure, identity.Attestor, AuditSubject(identity));
            return ExchangeFailureKind.InvalidCertificateRequest;
        }

        return ExchangeFailureKind.None;
    }

    private async Task<ExchangeResult> IssueJwtSvidAsync(
        AttestedIdentity identity, EntryMatch match, ExchangeRequest request, CancellationToken cancellationToken)
    {
        var ttl = EffectiveTtl(request.RequestedTtl, match.Entry.JwtSvidTtl ?? _options.DefaultJwtSvidTtl, _jwtIssuer.MaxTtl);
        var svid = await _jwtIssuer.IssueAsync(match.Id, request.Audiences, ttl, cancellationToken).ConfigureAwait(false);
        Log.JwtSvidIssued(_logger, match.Id.ToString(), match.Entry.Id, identity.Attestor, AuditSubject(identity), svid.TokenId, svid.ExpiresAt);
        return ExchangeResult.Issued(match.Id, match.Entry.Id, match.Entry.Hint, svid);
    }

    private async Task<ExchangeResult> IssueX509SvidAsync(
        AttestedIdentity identity, EntryMatch match, ParsedCsr csr, ExchangeRequest request, CancellationToken cancellationToken)
    {
        var ttl = EffectiveTtl(request.RequestedTtl, match.Entry.X509SvidTtl ?? _options.DefaultX509SvidTtl, _ca.MaxSvidTtl);
        var svid = await _x509Issuer.IssueAsync(csr, match.Id, match.Entry.DnsNames, ttl, cancellationToken).ConfigureAwait(false);
        Log.X509SvidIssued(_logger, match.Id.ToString(), match.Entry.Id, identity.Attestor, AuditSubject(identity), svid.SerialNumber, svid.ExpiresAt);
        return ExchangeResult.Issued(match.Id, match.Entry.Id, match.Entry.Hint, svid);
    }

    /// <summary>The lifetime is the shortest of what the caller asked for, what the entry allows and the key's limit.</summary>
    private static TimeSpan EffectiveTtl(TimeSpan? requested, TimeSpan entryOrDefault, TimeSpan limit)
    {
        var ttl = entryOrDefault < limit ? entryOrDefault : limit;
        return requested is { } r && r < ttl ? r : ttl;
    }
}

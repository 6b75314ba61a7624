using Bridge.Abstractions.Attestation;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Registration;

namespace Bridge.Authority.Exchange;

public sealed partial class ExchangeService
{
    private async Task<ExchangeResult> IssueJwtSvidAsync(
        AttestedIdentity identity, EntryMatch match, ExchangeRequest request, CancellationToken cancellationToken)
    {
        if (request.Audiences.Count == 0)
        {
            return Deny(identity, ExchangeFailureKind.AudienceRequired);
        }

        // The requested audiences only narrow what the entry allows; they never widen it.
        foreach (var audience in request.Audiences)
        {
            if (!match.Entry.Audiences.Contains(audience, StringComparer.Ordinal))
            {
                return Deny(identity, ExchangeFailureKind.AudienceNotAllowed);
            }
        }

        var ttl = EffectiveTtl(request.RequestedTtl, match.Entry.JwtSvidTtl ?? _options.DefaultJwtSvidTtl, _jwtIssuer.MaxTtl);
        var svid = await _jwtIssuer.IssueAsync(match.Id, request.Audiences, ttl, cancellationToken).ConfigureAwait(false);
        Log.JwtSvidIssued(_logger, match.Id.ToString(), match.Entry.Id, identity.Attestor, identity.Subject, svid.TokenId, svid.ExpiresAt);
        return ExchangeResult.Issued(match.Id, match.Entry.Id, match.Entry.Hint, svid);
    }

    private async Task<ExchangeResult> IssueX509SvidAsync(
        AttestedIdentity identity, EntryMatch match, ExchangeRequest request, CancellationToken cancellationToken)
    {
        // Stores validate entries on write, but an entry may predate the DNS-name rule or be written around it: check it
        // with the issuer's own rule here, so such an entry is refused (4xx) instead of making the issuer throw (500).
        if (match.Entry.DnsNames.FirstOrDefault(name => !DnsName.IsValid(name)) is not null)
        {
            Log.EntryNotIssuable(_logger, match.Entry.Id, "dns_names break the DNS-name rule", identity.Attestor, identity.Subject);
            return ExchangeResult.Fail(ExchangeFailureKind.EntryNotIssuable);
        }

        var ttl = EffectiveTtl(request.RequestedTtl, match.Entry.X509SvidTtl ?? _options.DefaultX509SvidTtl, _ca.MaxSvidTtl);
        var svid = await _x509Issuer.IssueAsync(request.CertificateRequest, match.Id, match.Entry.DnsNames, ttl, cancellationToken)
            .ConfigureAwait(false);
        if (!svid.Succeeded)
        {
            Log.CertificateRequestRejected(_logger, svid.Failure, identity.Attestor, identity.Subject);
            return ExchangeResult.Fail(ExchangeFailureKind.InvalidCertificateRequest);
        }

        Log.X509SvidIssued(_logger, match.Id.ToString(), match.Entry.Id, identity.Attestor, identity.Subject, svid.SerialNumber, svid.ExpiresAt);
        return ExchangeResult.Issued(match.Id, match.Entry.Id, match.Entry.Hint, svid);
    }

    /// <summary>The lifetime is the shortest of what the caller asked for, what the entry allows and the key's limit.</summary>
    private static TimeSpan EffectiveTtl(TimeSpan? requested, TimeSpan entryOrDefault, TimeSpan limit)
    {
        var ttl = entryOrDefault < limit ? entryOrDefault : limit;
        return requested is { } r && r < ttl ? r : ttl;
    }
}

using Bridge.Abstractions.Attestation;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Registration;

namespace Bridge.Authority.Exchange;

public sealed partial class ExchangeService
{
    /// <summary>A JWT-SVID needs audiences, and each must be allowed by the entry (the shared rule of <see cref="EntrySvidIssuer"/>).</summary>
    private static ExchangeFailureKind AuthorizeAudiences(EntryMatch match, ExchangeRequest request) =>
        EntrySvidIssuer.AuthorizeAudiences(match.Entry, request.Audiences);

    /// <summary>
    /// An X.509-SVID needs an entry whose DNS names the issuer accepts and a usable CSR; <paramref name="csr"/> is set
    /// only when both hold.
    /// </summary>
    private ExchangeFailureKind AuthorizeCertificate(AttestedIdentity identity, EntryMatch match, ExchangeRequest request, out ParsedCsr? csr)
    {
        csr = null;

        if (!EntrySvidIssuer.HasIssuableDnsNames(match.Entry))
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
        var svid = await _issuer.IssueJwtAsync(match.Entry, match.Id, request.Audiences, request.RequestedTtl, cancellationToken).ConfigureAwait(false);
        Log.JwtSvidIssued(_logger, match.Id.ToString(), match.Entry.Id, identity.Attestor, AuditSubject(identity), svid.TokenId, svid.ExpiresAt);
        return ExchangeResult.Issued(match.Id, match.Entry.Id, match.Entry.Hint, svid);
    }

    private async Task<ExchangeResult> IssueX509SvidAsync(
        AttestedIdentity identity, EntryMatch match, ParsedCsr csr, ExchangeRequest request, CancellationToken cancellationToken)
    {
        var svid = await _issuer.IssueX509Async(match.Entry, match.Id, csr, request.RequestedTtl, cancellationToken).ConfigureAwait(false);
        Log.X509SvidIssued(_logger, match.Id.ToString(), match.Entry.Id, identity.Attestor, AuditSubject(identity), svid.SerialNumber, svid.ExpiresAt);
        return ExchangeResult.Issued(match.Id, match.Entry.Id, match.Entry.Hint, svid);
    }
}

using Bridge.Abstractions.Registration;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Issuance;

/// <summary>
/// What a registration entry allows when an SVID is issued for it, and the issuance itself: the audience rule, the
/// DNS-name rule, the lifetime rule. <c>/token</c> (<see cref="ExchangeService"/>) and the agent API
/// (<see cref="Agents.AgentSvidService"/>) both issue through here, so an entry gives the same SVID either way.
/// </summary>
internal sealed class EntrySvidIssuer(JwtSvidIssuer jwtIssuer, X509SvidIssuer x509Issuer, X509CertificateAuthority ca, AuthorityOptions options)
{
    /// <summary>
    /// A JWT-SVID needs audiences, and each must be allowed by the entry: the request only narrows what the entry allows.
    /// Returns <see cref="ExchangeFailureKind.None"/>, <see cref="ExchangeFailureKind.AudienceRequired"/> or
    /// <see cref="ExchangeFailureKind.AudienceNotAllowed"/>.
    /// </summary>
    public static ExchangeFailureKind AuthorizeAudiences(RegistrationEntry entry, IReadOnlyCollection<string> audiences)
    {
        if (audiences.Count == 0)
        {
            return ExchangeFailureKind.AudienceRequired;
        }

        foreach (var audience in audiences)
        {
            if (!entry.Audiences.Contains(audience, StringComparer.Ordinal))
            {
                return ExchangeFailureKind.AudienceNotAllowed;
            }
        }

        return ExchangeFailureKind.None;
    }

    /// <summary>
    /// True when the issuer accepts every DNS name of the entry. Stores validate entries on write, but an entry may
    /// predate the DNS-name rule or be written around it: checked with the issuer's own rule before issuing, such an
    /// entry is refused (4xx) instead of making the issuer throw (500).
    /// </summary>
    public static bool HasIssuableDnsNames(RegistrationEntry entry) => entry.DnsNames.All(DnsName.IsValid);

    /// <summary>Issues a JWT-SVID for <paramref name="entry"/> as <paramref name="id"/>; audiences must be authorized first.</summary>
    public Task<JwtSvidIssuance> IssueJwtAsync(
        RegistrationEntry entry, SpiffeId id, IReadOnlyList<string> audiences, TimeSpan? requestedTtl, CancellationToken cancellationToken)
    {
        var ttl = EffectiveTtl(requestedTtl, entry.JwtSvidTtl ?? options.DefaultJwtSvidTtl, jwtIssuer.MaxTtl);
        return jwtIssuer.IssueAsync(id, audiences, ttl, cancellationToken);
    }

    /// <summary>Issues an X.509-SVID for <paramref name="entry"/> as <paramref name="id"/> for a request already parsed and verified.</summary>
    public Task<X509SvidIssuance> IssueX509Async(
        RegistrationEntry entry, SpiffeId id, ParsedCsr csr, TimeSpan? requestedTtl, CancellationToken cancellationToken)
    {
        var ttl = EffectiveTtl(requestedTtl, entry.X509SvidTtl ?? options.DefaultX509SvidTtl, ca.MaxSvidTtl);
        return x509Issuer.IssueAsync(csr, id, entry.DnsNames, ttl, cancellationToken);
    }

    /// <summary>The lifetime is the shortest of what the caller asked for, what the entry allows and the key's limit.</summary>
    private static TimeSpan EffectiveTtl(TimeSpan? requested, TimeSpan entryOrDefault, TimeSpan limit)
    {
        var ttl = entryOrDefault < limit ? entryOrDefault : limit;
        return requested is { } r && r < ttl ? r : ttl;
    }
}

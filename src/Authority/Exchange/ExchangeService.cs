using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Logging;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Exchange;

/// <summary>
/// The token exchange as ordered steps that read like RFC 8693 §2: pick the attestor, attest, check replay, match
/// registration entries, authorize the audience, issue, audit. Every outcome is a value; the HTTP edge maps it to
/// OAuth errors. An unregistered workload gets no identity.
/// </summary>
public sealed partial class ExchangeService
{
    /// <summary>The largest clock skew any attestor may allow (60 s); replay records are kept that much longer.</summary>
    public static readonly TimeSpan ReplayRetentionMargin = TimeSpan.FromSeconds(60);

    // Attestor details are short fixed phrases; the bound only matters for one that quotes what it refused.
    private const int AttestationDetailMaxLength = 128;

    private readonly AttestorRegistry _attestors;
    private readonly IReplayCache _replayCache;
    private readonly IRegistrationStore _registrations;
    private readonly JwtSvidIssuer _jwtIssuer;
    private readonly X509SvidIssuer _x509Issuer;
    private readonly X509CertificateAuthority _ca;
    private readonly AuthorityOptions _options;
    private readonly TrustDomain _trustDomain;
    private readonly TimeProvider _time;
    private readonly ILogger<ExchangeService> _logger;

    /// <summary>Creates the service from its seams.</summary>
    public ExchangeService(
        AttestorRegistry attestors,
        IReplayCache replayCache,
        IRegistrationStore registrations,
        JwtSvidIssuer jwtIssuer,
        X509SvidIssuer x509Issuer,
        X509CertificateAuthority ca,
        IOptions<AuthorityOptions> options,
        TimeProvider timeProvider,
        ILogger<ExchangeService> logger)
    {
        _attestors = attestors;
        _replayCache = replayCache;
        _registrations = registrations;
        _jwtIssuer = jwtIssuer;
        _x509Issuer = x509Issuer;
        _ca = ca;
        _options = options.Value;
        _trustDomain = TrustDomain.Parse(_options.TrustDomain);
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Runs one exchange.</summary>
    public async Task<ExchangeResult> ExchangeAsync(ExchangeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var attestor = _attestors.Find(request.SubjectTokenType);
        if (attestor is null)
        {
            // Caller-chosen text, unverified and of any length: only a bounded, printable prefix is logged.
            Log.UnsupportedTokenType(_logger, LogText.Bounded(request.SubjectTokenType));
            return ExchangeResult.Fail(ExchangeFailureKind.UnsupportedTokenType);
        }

        var attestation = await AttestAsync(attestor, request, cancellationToken).ConfigureAwait(false);
        if (!attestation.Succeeded)
        {
            return ExchangeResult.Fail(attestation.FailureKind == AttestationFailureKind.Unavailable
                ? ExchangeFailureKind.Unavailable
                : ExchangeFailureKind.EvidenceRejected);
        }

        var identity = attestation.Identity;
        var replay = await CheckReplayAsync(identity, cancellationToken).ConfigureAwait(false);
        if (replay != ExchangeFailureKind.None)
        {
            return Deny(identity, replay);
        }

        var (match, matchFailure) = await MatchEntryAsync(identity, request.RequestedSpiffeId, cancellationToken).ConfigureAwait(false);
        if (match is null)
        {
            return Deny(identity, matchFailure);
        }

        try
        {
            return request.Kind == SvidKind.Jwt
                ? await IssueJwtSvidAsync(identity, match.Value, request, cancellationToken).ConfigureAwait(false)
                : await IssueX509SvidAsync(identity, match.Value, request, cancellationToken).ConfigureAwait(false);
        }
        catch (DependencyUnavailableException ex)
        {
            // A throttled or unreachable key manager: the caller retries; nothing was issued.
            Log.DependencyFailed(_logger, "key-manager", ex);
            return Deny(identity, ExchangeFailureKind.Unavailable);
        }
    }

    private async Task<AttestationResult> AttestAsync(IAttestor attestor, ExchangeRequest request, CancellationToken cancellationToken)
    {
        var result = await attestor.AttestAsync(new AttestationRequest(request.SubjectToken, request.SubjectTokenType), cancellationToken)
            .ConfigureAwait(false);
        if (result.Succeeded)
        {
            var identity = result.Identity;
            Log.AttestationSucceeded(_logger, identity.Attestor, identity.Issuer, identity.Subject, identity.Selectors.Count);
        }
        else
        {
            // An attestor's detail may quote the evidence it refused; bound it as any unverified text.
            Log.AttestationFailed(_logger, attestor.Name, result.FailureKind, LogText.Bounded(result.Detail, AttestationDetailMaxLength));
        }

        return result;
    }

    private async Task<ExchangeFailureKind> CheckReplayAsync(AttestedIdentity identity, CancellationToken cancellationToken)
    {
        try
        {
            // Attestors accept evidence up to the clock skew past its expiry, so the record must outlive it by as much.
            var notAfter = identity.ExpiresAt + ReplayRetentionMargin;
            var firstUse = await _replayCache.TryUseAsync(identity.ReplayKey, notAfter, cancellationToken).ConfigureAwait(false);
            return firstUse ? ExchangeFailureKind.None : ExchangeFailureKind.Replayed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fail closed: without a replay record the evidence could be used twice.
            Log.DependencyFailed(_logger, "replay-cache", ex);
            return ExchangeFailureKind.Unavailable;
        }
    }

    private ExchangeResult Deny(AttestedIdentity identity, ExchangeFailureKind kind)
    {
        Log.ExchangeDenied(_logger, kind, identity.Attestor, identity.Subject);
        return ExchangeResult.Fail(kind);
    }
}

using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Logging;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Registration;
using Bridge.Authority.Telemetry;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Exchange;

/// <summary>
/// The token exchange as ordered steps that read like RFC 8693 §2: pick the attestor, attest, match registration
/// entries, authorize the audience or parse the CSR, record the use of the evidence, issue, audit. Every refusal is a
/// value the HTTP edge maps to an OAuth error; only an outage of a dependency is a retryable one, and any other
/// exception is a bug that reaches the edge as a 500. An unregistered workload gets no identity.
/// </summary>
public sealed partial class ExchangeService
{
    /// <summary>The largest clock skew any attestor may allow (60 s); replay records are kept that much longer.</summary>
    public static readonly TimeSpan ReplayRetentionMargin = TimeSpan.FromSeconds(60);

    // Attestor details are short fixed phrases; the bound only matters for one that quotes what it refused.
    private const int AttestationDetailMaxLength = 128;

    // A verified subject is still partly chosen by users for generic issuers (up to the token size): audit lines keep
    // enough of it to identify the caller and no more.
    private const int AuditSubjectMaxLength = 256;

    private readonly AttestorRegistry _attestors;
    private readonly IReplayCache _replayCache;
    private readonly IRegistrationStore _registrations;
    private readonly EntrySvidIssuer _issuer;
    private readonly TrustDomain _trustDomain;
    private readonly TimeProvider _time;
    private readonly AuthorityMetrics _metrics;
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
        AuthorityMetrics metrics,
        ILogger<ExchangeService> logger)
    {
        _attestors = attestors;
        _replayCache = replayCache;
        _registrations = registrations;
        _issuer = new EntrySvidIssuer(jwtIssuer, x509Issuer, ca, options.Value);
        _trustDomain = TrustDomain.Parse(options.Value.TrustDomain);
        _time = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Runs one exchange.</summary>
    public async Task<ExchangeResult> ExchangeAsync(ExchangeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Measured here, once per exchange, next to the audit lines below: every path ends in exactly one record.
        var started = _time.GetTimestamp();
        var attestor = _attestors.Find(request.SubjectTokenType);
        try
        {
            var result = await ExchangeWithAsync(attestor, request, cancellationToken).ConfigureAwait(false);
            _metrics.RecordExchange(AuthorityMetrics.OutcomeOf(result.Failure), attestor?.Name, request.Kind, _time.GetElapsedTime(started));
            return result;
        }
        catch (Exception) when (RecordFault(attestor, request, started))
        {
            throw; // Not reached: the filter records the fault and lets the exception go on to the edge's 500.
        }
    }

    private bool RecordFault(IAttestor? attestor, ExchangeRequest request, long started)
    {
        _metrics.RecordExchange(AuthorityMetrics.FaultOutcome, attestor?.Name, request.Kind, _time.GetElapsedTime(started));
        return false;
    }

    // A ValueTask: an exchange that completes synchronously (warm caches, in-memory backends) allocates one Task, not two.
    private async ValueTask<ExchangeResult> ExchangeWithAsync(IAttestor? attestor, ExchangeRequest request, CancellationToken cancellationToken)
    {
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
        var (match, matchFailure) = await MatchEntryAsync(identity, request.RequestedSpiffeId, cancellationToken).ConfigureAwait(false);
        if (match is null)
        {
            return Deny(identity, matchFailure);
        }

        // Everything the caller controls is checked before its evidence is spent, so that a caller with no right to
        // an SVID cannot fill the replay cache or use up a token that an entitled request would then find replayed.
        ParsedCsr? csr = null;
        var authorization = request.Kind == SvidKind.Jwt
            ? AuthorizeAudiences(match.Value, request)
            : AuthorizeCertificate(identity, match.Value, request, out csr);
        if (authorization != ExchangeFailureKind.None)
        {
            // The CSR and entry refusals were audited with their reason where they were found.
            return authorization is ExchangeFailureKind.InvalidCertificateRequest or ExchangeFailureKind.EntryNotIssuable
                ? ExchangeResult.Fail(authorization)
                : Deny(identity, authorization);
        }

        var replay = await RecordUseAsync(identity, cancellationToken).ConfigureAwait(false);
        if (replay == ExchangeFailureKind.ReplayCacheFull)
        {
            // Its own event, not "Replayed": the evidence is fine, the service is out of room, and operators must act.
            Log.ReplayCacheFull(_logger, identity.Attestor, AuditSubject(identity));
            return ExchangeResult.Fail(replay);
        }

        if (replay != ExchangeFailureKind.None)
        {
            return Deny(identity, replay);
        }

        try
        {
            return csr is null
                ? await IssueJwtSvidAsync(identity, match.Value, request, cancellationToken).ConfigureAwait(false)
                : await IssueX509SvidAsync(identity, match.Value, csr, request, cancellationToken).ConfigureAwait(false);
        }
        catch (DependencyUnavailableException ex)
        {
            // A throttled or unreachable key manager: the caller retries; nothing was issued. The use stays recorded:
            // taking it back could let a concurrent duplicate through, so fail closed on the evidence too.
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
            Log.AttestationSucceeded(_logger, identity.Attestor, identity.Issuer, AuditSubject(identity), identity.Selectors.Count);
        }
        else
        {
            // An attestor's detail may quote the evidence it refused; bound it as any unverified text.
            Log.AttestationFailed(_logger, attestor.Name, result.FailureKind, LogText.Bounded(result.Detail, AttestationDetailMaxLength));
        }

        return result;
    }

    private async Task<ExchangeFailureKind> RecordUseAsync(AttestedIdentity identity, CancellationToken cancellationToken)
    {
        ReplayUseResult use;
        try
        {
            // Attestors accept evidence up to the clock skew past its expiry, so the record must outlive it by as much.
            var notAfter = identity.ExpiresAt + ReplayRetentionMargin;
            use = await _replayCache.TryUseAsync(identity.ReplayKey, notAfter, identity.ReplayPolicy, cancellationToken).ConfigureAwait(false);
        }
        catch (DependencyUnavailableException ex)
        {
            // Fail closed: without a replay record the evidence could be used twice. Any other exception is a bug in
            // the cache and goes to the edge as a 500, never as a retryable 503.
            Log.DependencyFailed(_logger, "replay-cache", ex);
            return ExchangeFailureKind.Unavailable;
        }

        return use switch
        {
            ReplayUseResult.Accepted => ExchangeFailureKind.None,
            ReplayUseResult.Full => ExchangeFailureKind.ReplayCacheFull,
            _ => ExchangeFailureKind.Replayed,
        };
    }

    private ExchangeResult Deny(AttestedIdentity identity, ExchangeFailureKind kind)
    {
        Log.ExchangeDenied(_logger, kind, identity.Attestor, AuditSubject(identity));
        return ExchangeResult.Fail(kind);
    }

    private static string AuditSubject(AttestedIdentity identity) => LogText.Bounded(identity.Subject, AuditSubjectMaxLength);
}

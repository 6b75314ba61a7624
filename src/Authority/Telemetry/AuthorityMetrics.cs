using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Rotation;

namespace Bridge.Authority.Telemetry;

/// <summary>
/// Every instrument of the <c>Bridge.Authority</c> meter, defined here and nowhere else (docs/observability.md lists
/// them). Tags are low-cardinality by construction: each value comes from a fixed set (outcomes, SVID kinds, AWS
/// operations) or from the configured attestor names; never a SPIFFE ID, subject, token or key id. With no listener
/// attached a recording costs one enabled check, so the exchange pays nothing where metrics are not collected.
/// </summary>
public sealed class AuthorityMetrics
{
    /// <summary>The meter's name, for <c>AddMeter</c> and listeners.</summary>
    public const string MeterName = "Bridge.Authority";

    /// <summary>Exchanges by outcome, attestor and SVID kind; HTTP-edge refusals included.</summary>
    public const string ExchangeRequestsName = "bridge.exchange.requests";

    /// <summary>
    /// Requests no endpoint accepts (unknown path, wrong method), by outcome: counted apart from the exchanges, so the
    /// internet's scans of a public URL do not move the exchanges' refusal rate.
    /// </summary>
    public const string UnroutedRequestsName = "bridge.http.unrouted";

    /// <summary>How long an exchange took in <see cref="ExchangeService"/>, in seconds.</summary>
    public const string ExchangeDurationName = "bridge.exchange.duration";

    /// <summary>How long one AWS SDK call took, in seconds, including the SDK's own retries.</summary>
    public const string AwsCallDurationName = "bridge.aws.call.duration";

    /// <summary>AWS calls answered with a throttling error.</summary>
    public const string AwsThrottlesName = "bridge.aws.throttles";

    /// <summary>Records held by the replay cache, where the backend can count them cheaply (the in-memory cache).</summary>
    public const string ReplayCacheEntriesName = "bridge.replay_cache.entries";

    /// <summary>Seconds until the active JWT signing key reaches the end of its planned lifetime.</summary>
    public const string KeyTimeToExpiryName = "bridge.key.time_to_expiry";

    /// <summary>Seconds until the active X.509 CA certificate expires.</summary>
    public const string CaTimeToExpiryName = "bridge.ca.time_to_expiry";

    /// <summary>
    /// The most tag combinations one instrument records: the outcomes (about 15) times the attestors plus "none" times
    /// the SVID kinds (3) stays below it with ten attestors configured. Exporters fold further ones into one overflow
    /// series; the OpenTelemetry SDK also sizes its storage by it up front (its default of 2000 cost 1.1 MB of memory).
    /// </summary>
    public const int MaxTagCombinations = 500;

    /// <summary>The tag names.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>The attestor that handled the exchange (<see cref="NoAttestor"/> when none did).</summary>
    public const string AttestorTag = "attestor";

    /// <summary>The SVID kind asked for.</summary>
    public const string SvidKindTag = "svid_kind";

    /// <summary>The AWS service of a call: <c>kms</c>, <c>dynamodb</c>, <c>acm-pca</c>.</summary>
    public const string ServiceTag = "service";

    /// <summary>The AWS operation of a call, such as <c>Sign</c> or <c>GetItem</c>.</summary>
    public const string OperationTag = "operation";

    /// <summary>The attestor tag of a refusal decided before any attestor ran.</summary>
    public const string NoAttestor = "none";

    /// <summary>The SVID-kind tag of a refusal decided before the request was understood.</summary>
    public const string UnknownSvidKind = "unknown";

    /// <summary>The outcome tag of an issued SVID.</summary>
    public const string IssuedOutcome = "issued";

    /// <summary>The outcome tag of an exchange that ended in an exception (a bug, answered as a 500).</summary>
    public const string FaultOutcome = "fault";

    // Exchanges take from well under a millisecond (in process) to seconds (a cold KMS call): boundaries in seconds.
    private static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly TimeProvider _time;
    private readonly Counter<long> _exchangeRequests;
    private readonly Histogram<double> _exchangeDuration;
    private readonly Histogram<double> _awsCallDuration;
    private readonly Counter<long> _awsThrottles;
    private readonly Counter<long> _unrouted;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public AuthorityMetrics(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _meter = meterFactory.Create(MeterName);
        _time = timeProvider;
        _exchangeRequests = _meter.CreateCounter<long>(ExchangeRequestsName, "{request}", "Token exchanges by outcome, attestor and SVID kind.");
        _exchangeDuration = _meter.CreateHistogram(ExchangeDurationName, "s", "Duration of token exchanges.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _awsCallDuration = _meter.CreateHistogram(AwsCallDurationName, "s", "Duration of AWS SDK calls.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _awsThrottles = _meter.CreateCounter<long>(AwsThrottlesName, "{call}", "AWS SDK calls refused with a throttling error.");
        _unrouted = _meter.CreateCounter<long>(UnroutedRequestsName, "{request}", "Requests no endpoint accepts, by outcome.");
    }

    /// <summary>Records one exchange that <see cref="ExchangeService"/> decided.</summary>
    public void RecordExchange(string outcome, string? attestor, SvidKind kind, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { OutcomeTag, outcome },
            { AttestorTag, attestor ?? NoAttestor },
            { SvidKindTag, SvidKindTagValue(kind) },
        };
        _exchangeRequests.Add(1, tags);
        _exchangeDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Records a request the HTTP edge refused before the exchange ran; <paramref name="outcome"/> names why.</summary>
    public void RecordEdgeRefusal(string outcome) =>
        _exchangeRequests.Add(1, new TagList
        {
            { OutcomeTag, outcome },
            { AttestorTag, NoAttestor },
            { SvidKindTag, UnknownSvidKind },
        });

    /// <summary>Records a request no endpoint accepts; <paramref name="outcome"/> says why (unknown path, wrong method).</summary>
    public void RecordUnrouted(string outcome) => _unrouted.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));

    /// <summary>Records one AWS SDK call; <paramref name="throttled"/> when AWS answered with a throttling error.</summary>
    public void RecordAwsCall(string service, string operation, TimeSpan elapsed, bool throttled)
    {
        var tags = new TagList { { ServiceTag, service }, { OperationTag, operation } };
        _awsCallDuration.Record(elapsed.TotalSeconds, tags);
        if (throttled)
        {
            _awsThrottles.Add(1, tags);
        }
    }

    /// <summary>Observes the time to expiry of the active CA and JWT key; nothing is reported until each is loaded.</summary>
    public void ObserveExpiry(X509CertificateAuthority ca, JwtKeyRing keyRing)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(keyRing);
        _meter.CreateObservableGauge(CaTimeToExpiryName, () => SecondsUntil(ca.ActiveNotAfter), "s", "Time until the active X.509 CA expires.");
        _meter.CreateObservableGauge(KeyTimeToExpiryName, () => SecondsUntil(keyRing.ActiveKeyExpiresAt), "s",
            "Time until the active JWT signing key reaches the end of its planned lifetime.");
    }

    /// <summary>Observes the replay cache's record count through <paramref name="count"/>, read at each collection.</summary>
    public void ObserveReplayCacheEntries(Func<int> count)
    {
        ArgumentNullException.ThrowIfNull(count);
        _meter.CreateObservableGauge(ReplayCacheEntriesName, count, "{entry}", "Records held by the replay cache.");
    }

    /// <summary>The outcome tag of an exchange result: <see cref="IssuedOutcome"/> or the failure kind in snake_case.</summary>
    public static string OutcomeOf(ExchangeFailureKind failure) => failure switch
    {
        ExchangeFailureKind.None => IssuedOutcome,
        ExchangeFailureKind.UnsupportedTokenType => "unsupported_token_type",
        ExchangeFailureKind.EvidenceRejected => "evidence_rejected",
        ExchangeFailureKind.Replayed => "replayed",
        ExchangeFailureKind.NotRegistered => "not_registered",
        ExchangeFailureKind.AmbiguousIdentity => "ambiguous_identity",
        ExchangeFailureKind.IdentityNotAvailable => "identity_not_available",
        ExchangeFailureKind.AudienceRequired => "audience_required",
        ExchangeFailureKind.AudienceNotAllowed => "audience_not_allowed",
        ExchangeFailureKind.EntryNotIssuable => "entry_not_issuable",
        ExchangeFailureKind.InvalidCertificateRequest => "invalid_certificate_request",
        ExchangeFailureKind.Unavailable => "unavailable",
        ExchangeFailureKind.ReplayCacheFull => "replay_cache_full",
        _ => "other",
    };

    private static string SvidKindTagValue(SvidKind kind) => kind == SvidKind.X509 ? "x509" : "jwt";

    private IEnumerable<Measurement<double>> SecondsUntil(DateTimeOffset? notAfter) =>
        notAfter is { } value ? [new Measurement<double>((value - _time.GetUtcNow()).TotalSeconds)] : [];
}

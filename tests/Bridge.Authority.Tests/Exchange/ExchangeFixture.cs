using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Local.Replay;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Bridge.Authority.Telemetry;
using Bridge.Testing.Authority;
using Bridge.Testing.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Exchange;

/// <summary>An exchange service over real local backends, with a stub attestor that returns chosen facts.</summary>
internal sealed class ExchangeFixture
{
    public const string TokenType = "urn:test:token";
    public static readonly TrustDomain TrustDomain = TrustDomain.Parse("example.org");
    public static readonly SpiffeId Parent = BridgeIds.AttestorParent(TrustDomain, "stub");

    public ExchangeFixture(
        IReplayCache? replayCache = null, IRegistrationStore? store = null, IKeyManager? keyManager = null, int replayMaxEntries = InMemoryReplayCacheOptions.DefaultMaxEntries,
        ILogger<ExchangeService>? logger = null)
    {
        var options = Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" });
        var keys = keyManager ?? new InMemoryKeyManager();
        var upstream = SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(new SelfSignedUpstreamOptions()), options, keys, Time);
        Ca = SingleProcessAuthority.CreateCertificateAuthority(options, keys, upstream, Time);
        JwtIssuer = SingleProcessAuthority.CreateJwtIssuer(keys, options, Time);
        ReplayCache = replayCache ?? new InMemoryReplayCache(Time, Options.Create(new InMemoryReplayCacheOptions { MaxEntries = replayMaxEntries }));
        Store = store ?? new InMemoryRegistrationStore();
        Service = new ExchangeService(
            new AttestorRegistry([Attestor]), ReplayCache, Store, JwtIssuer, new X509SvidIssuer(Ca, Time), Ca, options, Time,
            new AuthorityMetrics(MeterFactory, Time), logger ?? NullLogger<ExchangeService>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public StubAttestor Attestor { get; } = new();

    /// <summary>The factory of the service's meter: a <see cref="MetricRecorder"/> over it hears this fixture only.</summary>
    public TestMeterFactory MeterFactory { get; } = new();

    public X509CertificateAuthority Ca { get; }

    public JwtSvidIssuer JwtIssuer { get; }

    public IReplayCache ReplayCache { get; }

    public IRegistrationStore Store { get; }

    public ExchangeService Service { get; }

    public async Task<ExchangeFixture> InitializeAsync()
    {
        await JwtIssuer.InitializeAsync(CancellationToken.None);
        await Ca.InitializeAsync(CancellationToken.None);
        return this;
    }

    public async Task<RegistrationEntry> RegisterAsync(string id, string spiffeId, string[] selectors, string[]? audiences = null,
        TimeSpan? jwtTtl = null, TimeSpan? x509Ttl = null, DateTimeOffset? expiresAt = null, SpiffeId? parent = null)
    {
        var entry = new RegistrationEntry
        {
            Id = id,
            SpiffeId = spiffeId,
            ParentId = parent ?? Parent,
            Selectors = [.. selectors.Select(Selector.Parse)],
            Audiences = audiences ?? ["svc"],
            JwtSvidTtl = jwtTtl,
            X509SvidTtl = x509Ttl,
            ExpiresAt = expiresAt,
        };
        var result = await Store.CreateAsync(entry, CancellationToken.None);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        return result.Entry!;
    }

    public Task<ExchangeResult> ExchangeJwtAsync(params string[] audiences) => Service.ExchangeAsync(
        new ExchangeRequest { SubjectToken = "token", SubjectTokenType = TokenType, Audiences = audiences }, CancellationToken.None);

    /// <summary>An attestor double: returns whatever identity or failure the test sets; a fresh replay key per call.</summary>
    internal sealed class StubAttestor : IAttestor
    {
        private int _calls;

        public string Name => "stub";

        public IReadOnlyCollection<string> SubjectTokenTypes => [TokenType];

        public string[] Selectors { get; set; } = ["aws:account:111122223333", "aws:role:payments"];

        public Dictionary<string, string> TemplateValues { get; set; } = new() { ["account"] = "111122223333", ["role_name"] = "payments" };

        public AttestationFailureKind? Failure { get; set; }

        public string Subject { get; set; } = "arn:aws:iam::111122223333:role/payments";

        public string? FixedReplayKey { get; set; }

        public ReplayPolicy ReplayPolicy { get; set; } = ReplayPolicy.SingleUse;

        public DateTimeOffset ExpiresAt { get; set; } = new(2026, 11, 23, 12, 5, 0, TimeSpan.Zero);

        /// <summary>Runs at the start of each attestation (a test advances the clock here to give it a duration).</summary>
        public Action? Attesting { get; set; }

        public ValueTask<AttestationResult> AttestAsync(AttestationRequest request, CancellationToken cancellationToken)
        {
            Attesting?.Invoke();
            if (Failure is { } kind)
            {
                return ValueTask.FromResult(AttestationResult.Failure(kind, "stub"));
            }

            var call = Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(AttestationResult.Success(new AttestedIdentity
            {
                Attestor = Name,
                Issuer = "https://issuer.test",
                Subject = Subject,
                Selectors = [.. Selectors.Select(Selector.Parse)],
                TemplateValues = TemplateValues,
                ExpiresAt = ExpiresAt,
                ReplayKey = FixedReplayKey ?? "stub#" + call,
                ReplayPolicy = ReplayPolicy,
            }));
        }
    }
}

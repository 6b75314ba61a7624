using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Agents;
using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Nodes;
using Bridge.Authority.Local.Replay;
using Bridge.Protocol;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;
using Bridge.Testing.Authority;
using Bridge.Testing.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Agents;

/// <summary>
/// The agent identity service and authenticator over real local backends (CA, in-memory node store and replay cache),
/// with the stub node attestor and a stub STS attestor whose selectors the test chooses.
/// </summary>
internal sealed class AgentIdentityFixture
{
    public const string Issuer = "https://bridge.example.org";
    public const string Instance = "i-0abc";
    public static readonly TrustDomain TrustDomain = TrustDomain.Parse("example.org");
    public static readonly SpiffeId AgentId = SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/" + Instance);

    public AgentIdentityFixture(AgentOptions? agentOptions = null)
    {
        var options = Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = Issuer });
        var keys = new InMemoryKeyManager();
        var upstream = SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(new SelfSignedUpstreamOptions()), options, keys, Time);
        Ca = SingleProcessAuthority.CreateCertificateAuthority(options, keys, upstream, Time);
        JwtIssuer = SingleProcessAuthority.CreateJwtIssuer(keys, options, Time);
        X509Issuer = new X509SvidIssuer(Ca, Time);
        Nodes = new FaultyNodeStore(new InMemoryNodeStore(Options.Create(new InMemoryNodeStoreOptions()), Time));
        ReplayCache = new InMemoryReplayCache(Time, Options.Create(new InMemoryReplayCacheOptions()));
        var agents = Options.Create(agentOptions ?? new AgentOptions());
        Service = new AgentIdentityService(
            new NodeAttestorRegistry([NodeAttestor]), Nodes, X509Issuer, Ca, new AttestorRegistry([Sts]), ReplayCache, options, agents, Time, ServiceLog);
        Authenticator = new AgentAssertionAuthenticator(
            new TrustBundleProvider(JwtIssuer, Ca, options, Time), Nodes, ReplayCache, options, agents, Time, AuthenticatorLog);
        Assertions = new AgentAssertionFactory(Issuer, Time);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public StubNodeAttestor NodeAttestor { get; } = new();

    public StubStsAttestor Sts { get; } = new();

    public X509CertificateAuthority Ca { get; }

    public JwtSvidIssuer JwtIssuer { get; }

    public X509SvidIssuer X509Issuer { get; }

    public FaultyNodeStore Nodes { get; }

    public IReplayCache ReplayCache { get; }

    public AgentIdentityService Service { get; }

    public AgentAssertionAuthenticator Authenticator { get; }

    public AgentAssertionFactory Assertions { get; }

    public CapturingLogger<AgentIdentityService> ServiceLog { get; } = new();

    public CapturingLogger<AgentAssertionAuthenticator> AuthenticatorLog { get; } = new();

    /// <summary>The evidence's pendingTime used unless a test says otherwise.</summary>
    public DateTimeOffset Pending { get; } = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public async Task<AgentIdentityFixture> InitializeAsync()
    {
        await JwtIssuer.InitializeAsync(CancellationToken.None);
        await Ca.InitializeAsync(CancellationToken.None);
        return this;
    }

    public Task<AgentIdentityResult> AttestAsync(AsymmetricAlgorithm key, DateTimeOffset? pending = null, string? webIdentityToken = null, string instance = Instance) =>
        Service.AttestAsync(
            new AgentAttestationRequest(
                StubNodeAttestor.AttestorName,
                Encoding.UTF8.GetBytes(StubNodeAttestor.Evidence(instance, pending ?? Pending)),
                AgentAssertionFactory.Csr(key),
                webIdentityToken),
            CancellationToken.None);

    /// <summary>The SVID chain of a successful result (leaf first), as an agent holds it.</summary>
    public static X509Certificate2[] Chain(AgentIdentityResult result)
    {
        Assert.True(result.Succeeded, result.Failure.ToString());
        return [X509CertificateLoader.LoadCertificate(result.Svid.LeafDer.Span), .. result.Svid.Intermediates];
    }

    public ValueTask<AgentAuthenticationResult> AuthenticateAsync(string? assertion, string method = "POST", string path = "/agent/v1/renew") =>
        Authenticator.AuthenticateAsync(new AgentCall(assertion, method, path), CancellationToken.None);

    public string Assertion(AsymmetricAlgorithm key, X509Certificate2[] chain, string method = "POST", string path = "/agent/v1/renew",
        string? audience = null, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null, string? tokenId = null) =>
        Assertions.Create(key, chain, method, path, audience, issuedAt, lifetime, tokenId);

    /// <summary>The serial of the SVID in a successful result, as node records keep it.</summary>
    public static string SerialOf(AgentIdentityResult result) =>
        X509CertificateLoader.LoadCertificate(result.Svid!.LeafDer.Span).SerialNumber.ToLowerInvariant();

    public async Task<NodeRecord> RecordAsync() =>
        await Nodes.GetAsync(AgentId, CancellationToken.None) ?? throw new InvalidOperationException("No record.");

    /// <summary>A JWT attestor double standing in for the OIDC attestor's STS profile: returns the selectors the test sets.</summary>
    internal sealed class StubStsAttestor : IAttestor
    {
        private int _calls;

        public string Name => "aws-sts";

        public IReadOnlyCollection<string> SubjectTokenTypes => [TokenTypeUris.Jwt];

        public string[] Selectors { get; set; } = ["aws:ec2-instance:" + StubNodeAttestor.InstanceArn(Instance)];

        public AttestationFailureKind? Failure { get; set; }

        public ValueTask<AttestationResult> AttestAsync(AttestationRequest request, CancellationToken cancellationToken)
        {
            if (Failure is { } kind)
            {
                return ValueTask.FromResult(AttestationResult.Failure(kind, "stub"));
            }

            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(AttestationResult.Success(new AttestedIdentity
            {
                Attestor = Name,
                Issuer = "https://sts.test",
                Subject = "arn:aws:iam::123456789012:role/node",
                Selectors = [.. Selectors.Select(Selector.Parse)],
                TemplateValues = new Dictionary<string, string>(),
                ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),

                // The token itself identifies its use, as the real attestor's issuer + jti does.
                ReplayKey = "sts#" + request.SubjectToken,
                ReplayPolicy = ReplayPolicy.SingleUse,
            }));
        }
    }
}

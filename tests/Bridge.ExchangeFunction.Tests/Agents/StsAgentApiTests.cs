using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Bridge.Abstractions.Nodes;
using Bridge.Attestors.AwsSts;
using Bridge.Authority.Exchange;
using Bridge.Authority.Local.Nodes;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;
using Bridge.Testing.Aws.Sts;
using Bridge.Testing.Oidc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Tests.Agents;

/// <summary>
/// Attestation through the real <c>aws_sts</c> node attestor (<c>Bridge:NodeAttestors:AwsSts</c>) with tokens a
/// <see cref="FakeStsServer"/> mints through the real AWS SDK, signed with the key of the STS issuer the service trusts:
/// every fresh token is a new node; forged, expired, misaddressed, replayed, foreign and non-STS tokens are refused.
/// </summary>
public sealed class StsAgentApiTests : IAsyncLifetime
{
    private const string Rejected = "The attestation evidence is invalid or not acceptable.";
    private const string RoleArn = "arn:aws:iam::" + BridgeFactory.Account + ":role/bridge-agent";

    private readonly StsFactory _factory = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private FakeStsServer _sts = null!;
    private AmazonSecurityTokenServiceClient _sdk = null!;

    public async ValueTask InitializeAsync()
    {
        _sts = await FakeStsServer.StartAsync(issuer: BridgeFactory.StsIssuer, rsaKey: _factory.StsKey, timeProvider: _factory.Time);
        _sts.CallerArn = RoleArn;
        _sdk = Sdk(_sts);
    }

    [Fact]
    public async Task Attest_FreshStsToken_IssuesTheAgentSvidAndRecordsANewNode()
    {
        var token = await TokenAsync();
        var issuedAt = _factory.Time.GetUtcNow();

        var body = await OAuthAssert.SuccessAsync(await AttestAsync(token));

        var agentId = SpiffeId.Parse(body.GetProperty("spiffe_id").GetString()!);
        Assert.Matches(@"^spiffe://example\.org/bridge/agent/aws_sts/123456789012/bridge-agent/[0-9a-f]{32}$", agentId.ToString());
        var record = await _factory.Nodes.GetAsync(agentId, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal("aws_sts", record.AttestorName);
        Assert.Equal(
            ["aws_sts:account:123456789012", "aws_sts:region:eu-west-1", "aws_sts:role:" + RoleArn],
            record.Selectors.Select(s => s.ToString()));
        Assert.Equal(issuedAt.ToUnixTimeSeconds(), record.EvidenceIssuedAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Attest_EveryFormOfTheVocabularyIsEmitted_AndRequestTagsAreNot()
    {
        var claims = _factory.Tokens.StsClaims(rolePath: "role/bridge-agent", aws: ns =>
        {
            ns["org_id"] = "o-abc123";
            ns["principal_tags"] = new JsonObject { ["team"] = "payments" };
            ns["request_tags"] = new JsonObject { ["team"] = "admins" };
        });

        var body = await OAuthAssert.SuccessAsync(await AttestAsync(_factory.Tokens.Create(claims)));

        var record = await _factory.Nodes.GetAsync(SpiffeId.Parse(body.GetProperty("spiffe_id").GetString()!), CancellationToken.None);
        Assert.Equal(
            ["aws_sts:account:123456789012", "aws_sts:org:o-abc123", "aws_sts:principal_tag:team:payments", "aws_sts:region:eu-west-1", "aws_sts:role:" + RoleArn],
            record!.Selectors.Select(s => s.ToString()));
        Assert.All(record.Selectors, s => Assert.True(AwsStsNodeSelectors.Vocabulary.Covers(s), s.ToString()));
        Assert.Equal(
            AwsStsNodeSelectors.Vocabulary.ValuePrefixes.Order(StringComparer.Ordinal),
            AwsStsNodeSelectors.Vocabulary.ValuePrefixes.Where(p => record.Selectors.Any(s => s.Value.StartsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Attest_TwoTokens_TwoDistinctNodes()
    {
        var first = await OAuthAssert.SuccessAsync(await AttestAsync(await TokenAsync()));
        var second = await OAuthAssert.SuccessAsync(await AttestAsync(await TokenAsync()));

        Assert.NotEqual(first.GetProperty("spiffe_id").GetString(), second.GetProperty("spiffe_id").GetString());
    }

    [Fact]
    public async Task Attest_SameTokenTwice_SecondRefusedAndNothingRecorded()
    {
        var token = await TokenAsync();
        await OAuthAssert.SuccessAsync(await AttestAsync(token));

        await OAuthAssert.ErrorAsync(await AttestAsync(token), HttpStatusCode.BadRequest, "invalid_request", Rejected);
        Assert.Single((await _factory.Nodes.ListAsync(null, 100, CancellationToken.None)).Nodes);
    }

    [Fact]
    public async Task Attest_TokenAlreadyExchangedAtToken_Refused()
    {
        await _factory.EnsureRegisteredAsync("bridge-agent");
        var token = await TokenAsync();
        var exchanged = await _factory.Client.PostAsync(
            "/token", new FormUrlEncodedContent(TokenRequest.Jwt(token, "ledger")), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);

        await OAuthAssert.ErrorAsync(await AttestAsync(token), HttpStatusCode.BadRequest, "invalid_request", Rejected);
    }

    [Fact]
    public async Task Attest_TokenSignedWithAnotherKeyOfTheSameKid_Refused()
    {
        using var forger = OidcTestKey.CreateRsa(_factory.StsKey.KeyId);
        var token = new OidcTokenFactory(BridgeFactory.StsIssuer, BridgeFactory.BridgeAudience, forger, _factory.Time)
            .Create(_factory.Tokens.StsClaims(rolePath: "role/bridge-agent"));

        await RefusedAsync(token);
    }

    [Fact]
    public async Task Attest_ExpiredToken_Refused()
    {
        var token = await TokenAsync(durationSeconds: 60);
        _factory.Time.Advance(TimeSpan.FromMinutes(10));

        await RefusedAsync(token);
    }

    [Fact]
    public async Task Attest_TokenForAnotherAudience_Refused() => await RefusedAsync(await TokenAsync(audience: "https://someone-else.example.com"));

    [Fact]
    public async Task Attest_RoleOfAnAccountNotAllowed_Refused()
    {
        _sts.CallerArn = "arn:aws:iam::210987654321:role/bridge-agent";

        await RefusedAsync(await TokenAsync());
    }

    [Fact]
    public async Task Attest_WithAllowedRoles_OnlyThoseRolesAttest()
    {
        using var restricted = new StsFactory(allowedRole: RoleArn);
        await using var sts = await FakeStsServer.StartAsync(issuer: BridgeFactory.StsIssuer, rsaKey: restricted.StsKey, timeProvider: restricted.Time);
        using var sdk = Sdk(sts);
        sts.CallerArn = "arn:aws:iam::" + BridgeFactory.Account + ":role/some-other-task";
        var other = await TokenAsync(sdk);
        sts.CallerArn = RoleArn;
        var allowed = await TokenAsync(sdk);

        await OAuthAssert.ErrorAsync(await PostAsync(restricted, new JsonObject { ["token"] = other }), HttpStatusCode.BadRequest, "invalid_request", Rejected);
        await OAuthAssert.SuccessAsync(await PostAsync(restricted, new JsonObject { ["token"] = allowed }));
    }

    [Fact]
    public async Task Attest_UserInsteadOfARole_Refused()
    {
        var claims = _factory.Tokens.StsClaims(rolePath: "user/bridge-agent");

        await RefusedAsync(_factory.Tokens.Create(claims));
    }

    [Fact]
    public async Task Attest_StsShapedTokenOfANonStsIssuer_Refused()
    {
        // A trusted issuer of the Generic profile: its claims may look like STS's, but it is not STS.
        var other = new OidcTokenFactory(BridgeFactory.OtherIssuerUrl, BridgeFactory.BridgeAudience, _factory.OtherIssuerKey, _factory.Time);

        await RefusedAsync(other.Create(other.StsClaims(rolePath: "role/bridge-agent")));
    }

    [Fact]
    public async Task Attest_EvidenceWithAnUnknownMember_Refused()
    {
        var response = await PostAsync(new JsonObject { ["token"] = await TokenAsync(), ["role"] = "admin" });

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", Rejected);
    }

    [Fact]
    public void ReplayRetentionMargin_IsTheExchanges() =>
        Assert.Equal(ExchangeService.ReplayRetentionMargin, AwsStsNodeAttestor.ReplayRetentionMargin);

    public async ValueTask DisposeAsync()
    {
        _sdk.Dispose();
        await _sts.DisposeAsync();
        _key.Dispose();
        _factory.Dispose();
    }

    private static AmazonSecurityTokenServiceClient Sdk(FakeStsServer sts) => new(
        new BasicAWSCredentials("x", "y"),
        new AmazonSecurityTokenServiceConfig { ServiceURL = sts.ServiceUrl.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });

    private Task<string> TokenAsync(string audience = BridgeFactory.BridgeAudience, int durationSeconds = 300) =>
        TokenAsync(_sdk, audience, durationSeconds);

    private static async Task<string> TokenAsync(AmazonSecurityTokenServiceClient sdk, string audience = BridgeFactory.BridgeAudience, int durationSeconds = 300)
    {
        var response = await sdk.GetWebIdentityTokenAsync(
            new GetWebIdentityTokenRequest { Audience = [audience], SigningAlgorithm = "RS256", DurationSeconds = durationSeconds },
            TestContext.Current.CancellationToken);
        return response.WebIdentityToken;
    }

    private async Task RefusedAsync(string token)
    {
        await OAuthAssert.ErrorAsync(await AttestAsync(token), HttpStatusCode.BadRequest, "invalid_request", Rejected);
        Assert.Empty((await _factory.Nodes.ListAsync(null, 100, CancellationToken.None)).Nodes);
    }

    private Task<HttpResponseMessage> AttestAsync(string token) => PostAsync(new JsonObject { ["token"] = token });

    private Task<HttpResponseMessage> PostAsync(JsonObject evidence) => PostAsync(_factory, evidence);

    private Task<HttpResponseMessage> PostAsync(BridgeFactory factory, JsonObject evidence)
    {
        var body = new JsonObject
        {
            ["attestor"] = "aws_sts",
            ["evidence"] = evidence,
            ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(_key)),
        };
        return factory.Client.PostAsync("/agent/v1/attest", AgentBridgeFactory.Json(body.ToJsonString()), TestContext.Current.CancellationToken);
    }

    /// <summary>The service with the aws_sts attestor enabled for the test account (any role, or only <c>allowedRole</c>).</summary>
    private sealed class StsFactory(string? allowedRole = null) : BridgeFactory
    {

        public INodeStore Nodes { get; } = new InMemoryNodeStore(Options.Create(new InMemoryNodeStoreOptions()), TimeProvider.System);

        protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides =>
        [
            new("Bridge:NodeAttestors:AwsSts:Enabled", "true"),
            new("Bridge:NodeAttestors:AwsSts:AllowedAccounts:0", Account),
            new("Bridge:Backends:Nodes", "InMemory"),
            .. allowedRole is null ? [] : new KeyValuePair<string, string?>[] { new("Bridge:NodeAttestors:AwsSts:AllowedRoles:0", allowedRole) },
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(Nodes));
        }
    }
}

using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Bridge.Client.DependencyInjection;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
using Bridge.LambdaHosting;
using Bridge.Samples.LambdaConsumer;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.Sts;
using Bridge.Testing.Lambda;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Client.Tests.Samples;

/// <summary>
/// The sample function end to end, composed as in Lambda: its STS client (the real SDK) gets a GetWebIdentityToken
/// token from the fake STS, the client exchanges it at the in-process Bridge for a JWT-SVID for sts.amazonaws.com,
/// the fake STS validates that against Bridge's JWKS (fetched over HTTP) and the role's sub condition, and the function
/// calls a loopback Kestrel peer over mTLS with its X.509-SVID.
/// </summary>
public sealed class LambdaConsumerTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/BridgeConsumerTarget";
    // Guards the entry-point tests against a hang; never a timing assertion.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handle_TrustedSubjectAndPeer_AssumesRoleAndCallsPeer()
    {
        await using var world = await WorldAsync("Consumer", "ConsumerPeer");
        world.Sts.AddWebIdentityRole(TrustFor(world.ConsumerId));

        var response = await world.Function.HandleAsync(new ConsumerRequest("whoami"), Ct);

        Assert.Null(response.Error);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/BridgeConsumerTarget/bridge-lambda-consumer", response.AssumedRoleArn);
        var session = Assert.Single(world.Sts.AssumedRoles);
        Assert.Equal(world.ConsumerId.ToString(), session.Subject);
        Assert.Equal(session.AccessKeyId, response.AccessKeyId);
        Assert.Equal(200, response.PeerStatus);
        var consumerCert = (await world.Services.GetRequiredService<X509SvidSource>().GetX509SvidAsync(Ct)).Leaf;
        Assert.Equal(world.ConsumerId + "|" + consumerCert.Thumbprint, response.PeerBody);
    }

    [Fact]
    public async Task Handle_SecondInvocation_ReusesCachedJwtSvid()
    {
        await using var world = await WorldAsync("ConsumerWarm", "ConsumerWarmPeer");
        world.Sts.AddWebIdentityRole(TrustFor(world.ConsumerId));

        await world.Function.HandleAsync(new ConsumerRequest("whoami"), Ct);
        await world.Function.HandleAsync(new ConsumerRequest("whoami"), Ct);

        // One GetWebIdentityToken for the JWT-SVID and one for the X.509-SVID; none for the second invocation.
        Assert.Equal(2, world.Sts.IssuedTokens.Count);
        Assert.Equal(2, world.Sts.AssumedRoles.Count);
    }

    [Fact]
    public async Task Handle_RoleTrustsAnotherSubject_AccessDeniedAndPeerNotCalled()
    {
        await using var world = await WorldAsync("ConsumerDenied", "ConsumerDeniedPeer");
        world.Sts.AddWebIdentityRole(TrustFor(ExchangeHost.RoleId("SomeoneElse")));

        var response = await world.Function.HandleAsync(new ConsumerRequest("whoami"), Ct);

        Assert.Equal("AccessDenied", response.Error);
        Assert.Null(response.PeerStatus);
        Assert.Empty(world.Sts.AssumedRoles);
    }

    [Fact]
    public async Task Handle_PeerAuthorizesAnotherId_PeerRefused()
    {
        await using var world = await WorldAsync("ConsumerRefused", "ConsumerRefusedPeer", peerAccepts: ExchangeHost.RoleId("SomeoneElse"));
        world.Sts.AddWebIdentityRole(TrustFor(world.ConsumerId));

        var response = await world.Function.HandleAsync(new ConsumerRequest("whoami"), Ct);

        Assert.Equal("PeerRefused", response.Error);
        Assert.NotNull(response.AccessKeyId);
    }

    [Fact]
    public async Task FakeSts_TokenFromOtherIssuerOrAudienceOrForged_Refused()
    {
        await using var world = await WorldAsync("ConsumerForged", "ConsumerForgedPeer");
        world.Sts.AddWebIdentityRole(TrustFor(world.ConsumerId));
        var sts = world.Services.GetRequiredService<IAmazonSecurityTokenService>();
        var jwt = await world.Services.GetRequiredKeyedService<JwtSvidSource>(ConsumerFunction.StsAudience).FetchJwtSvidAsync(Ct);
        var parts = jwt.Token.Split('.');
        var forged = parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? 'B' : 'A') + parts[2][1..];
        var stsToken = world.Sts.IssuedTokens.First();

        var forgedError = await Assert.ThrowsAsync<InvalidIdentityTokenException>(() => AssumeAsync(sts, forged));
        var otherIssuer = await Assert.ThrowsAsync<InvalidIdentityTokenException>(() => AssumeAsync(sts, stsToken));

        Assert.Equal("InvalidIdentityToken", forgedError.ErrorCode);
        Assert.Contains(ExchangeHost.StsIssuer, otherIssuer.Message, StringComparison.Ordinal);
        Assert.Empty(world.Sts.AssumedRoles);
    }

    [Fact]
    public async Task FakeSts_ExpiredJwtSvid_ExpiredToken()
    {
        await using var world = await WorldAsync("ConsumerExpired", "ConsumerExpiredPeer");
        world.Sts.AddWebIdentityRole(TrustFor(world.ConsumerId));
        var sts = world.Services.GetRequiredService<IAmazonSecurityTokenService>();
        var jwt = await world.Services.GetRequiredKeyedService<JwtSvidSource>(ConsumerFunction.StsAudience).FetchJwtSvidAsync(Ct);

        host.Time.Advance(jwt.ExpiresAt - host.Time.GetUtcNow() + TimeSpan.FromMinutes(6));

        await Assert.ThrowsAsync<ExpiredTokenException>(() => AssumeAsync(sts, jwt.Token));
    }

    [Fact]
    public async Task EntryPoint_OneInvocationFromTheRuntimeApi_AnswersWithTheAssumedRoleAndThePeersAnswer()
    {
        await using var fakes = await FakesAsync("ConsumerLambda", "ConsumerLambdaPeer");
        fakes.Sts.AddWebIdentityRole(TrustFor(fakes.ConsumerId));
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync(Ct);
        fakes.Variables[LambdaHostingOptions.RuntimeApiVariable] = runtime.RuntimeApi;
        await using var app = LambdaEntryPoint.CreateApplication([], fakes.Variable, services =>
        {
            services.AddSingleton<TimeProvider>(host.Time);
            fakes.Install(services);
        });
        await app.StartAsync(Ct);

        var requestId = runtime.Enqueue("""{"peerPath":"whoami"}""");
        var result = await runtime.WaitForResultAsync(requestId, Ct).WaitAsync(HangGuard, Ct);
        await app.StopAsync(Ct);

        Assert.False(result.IsError, result.Body);
        using var response = JsonDocument.Parse(result.Body);
        Assert.False(response.RootElement.TryGetProperty("error", out _));
        Assert.Equal(
            "arn:aws:sts::123456789012:assumed-role/BridgeConsumerTarget/bridge-lambda-consumer",
            response.RootElement.GetProperty("assumedRoleArn").GetString());
        Assert.Equal(200, response.RootElement.GetProperty("peerStatus").GetInt32());
        Assert.StartsWith(fakes.ConsumerId + "|", response.RootElement.GetProperty("peerBody").GetString(), StringComparison.Ordinal);
        Assert.Equal(fakes.ConsumerId.ToString(), Assert.Single(fakes.Sts.AssumedRoles).Subject);
    }

    [Fact]
    public async Task EntryPoint_EventWithoutPeerPath_IsAnInvalidEventAndCallsNothing()
    {
        await using var fakes = await FakesAsync("ConsumerLambdaOther", "ConsumerLambdaOtherPeer");
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync(Ct);
        fakes.Variables[LambdaHostingOptions.RuntimeApiVariable] = runtime.RuntimeApi;
        await using var app = LambdaEntryPoint.CreateApplication([], fakes.Variable, services =>
        {
            services.AddSingleton<TimeProvider>(host.Time);
            fakes.Install(services);
        });
        await app.StartAsync(Ct);

        var requestId = runtime.Enqueue("""{"source":"aws.events","detail":{}}""");
        var result = await runtime.WaitForResultAsync(requestId, Ct).WaitAsync(HangGuard, Ct);
        await app.StopAsync(Ct);

        Assert.True(result.IsError);
        Assert.Equal("Runtime.InvalidEvent", result.ErrorType);
        Assert.Empty(fakes.Sts.IssuedTokens);
    }

    private static Task<AssumeRoleWithWebIdentityResponse> AssumeAsync(IAmazonSecurityTokenService sts, string token) =>
        sts.AssumeRoleWithWebIdentityAsync(
            new AssumeRoleWithWebIdentityRequest { RoleArn = RoleArn, RoleSessionName = "direct", WebIdentityToken = token }, Ct);

    private FakeWebIdentityRole TrustFor(SpiffeId subject) =>
        new(RoleArn, "https://bridge.example.org", new Uri("http://localhost/keys"), ConsumerFunction.StsAudience, subject.ToString())
        {
            JwksHandler = host.Server.CreateHandler(),
        };

    private async Task<World> WorldAsync(string consumerRole, string peerRole, SpiffeId? peerAccepts = null)
    {
        var fakes = await FakesAsync(consumerRole, peerRole, peerAccepts);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(host.Time);
        fakes.Install(services);
        services.AddLambdaConsumer(ConsumerOptions.FromEnvironment(fakes.Variable));
        var provider = services.BuildServiceProvider(validateScopes: true);
        return new World(provider, provider.GetRequiredService<ConsumerFunction>(), fakes.Sts, fakes.Peer, fakes.ConsumerId);
    }

    /// <summary>
    /// Registers the consumer and its peer at Bridge and starts what the function talks to: the fake STS and the mTLS
    /// peer. <see cref="Fakes.Variable"/> is the function's environment; <see cref="Fakes.Install"/> points its STS and
    /// Bridge clients at the fakes (registered before or after the sample's composition: the last registration wins).
    /// </summary>
    private async Task<Fakes> FakesAsync(string consumerRole, string peerRole, SpiffeId? peerAccepts = null)
    {
        var consumerId = await host.RegisterAsync(consumerRole, audiences: [ConsumerFunction.StsAudience]);
        var peerId = await host.RegisterAsync(peerRole);
        var sts = await FakeStsServer.StartAsync(issuer: ExchangeHost.StsIssuer, rsaKey: host.StsKey, timeProvider: host.Time);
        sts.CallerArn = $"arn:aws:iam::{ExchangeHost.Account}:role/{consumerRole}";
        var peerSource = new X509SvidSource(host.CreateExchangeClient(host.TokensFor(peerRole)).Client, host.Time);
        var peer = await MtlsKestrelServer.StartAsync(peerSource, SpiffeIdMatcher.Exact(peerAccepts ?? consumerId), host.Time);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BRIDGE_URL"] = "http://localhost/",
            ["BRIDGE_AUDIENCE"] = ExchangeHost.BridgeAudience,
            ["AWS_REGION"] = "eu-west-1",
            ["CONSUMER_ROLE_ARN"] = RoleArn,
            ["PEER_URL"] = peer.BaseAddress.ToString(),
            ["PEER_SPIFFE_ID"] = peerId.ToString(),
        };
        return new Fakes(host, variables, sts, peer, consumerId);
    }

    private sealed record Fakes(ExchangeHost Host, Dictionary<string, string> Variables, FakeStsServer Sts, MtlsKestrelServer Peer, SpiffeId ConsumerId)
        : IAsyncDisposable
    {
        public string? Variable(string name) => Variables.GetValueOrDefault(name);

        public void Install(IServiceCollection services)
        {
            services.AddSingleton<IAmazonSecurityTokenService>(new AmazonSecurityTokenServiceClient(
                new BasicAWSCredentials("x", "y"),
                new AmazonSecurityTokenServiceConfig { ServiceURL = Sts.ServiceUrl.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 }));
            services.AddHttpClient(BridgeClientServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Host.Server.CreateHandler());
        }

        public async ValueTask DisposeAsync()
        {
            await Peer.DisposeAsync();
            await Sts.DisposeAsync();
        }
    }

    private sealed record World(ServiceProvider Services, ConsumerFunction Function, FakeStsServer Sts, MtlsKestrelServer Peer, SpiffeId ConsumerId)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Peer.DisposeAsync();
            await Sts.DisposeAsync();
        }
    }
}

using System.Net;
using System.Text.Json;
using Amazon.SecurityToken.Model;
using Bridge.Client.Evidence;
using Bridge.Testing.Aws.Sts;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Client.Tests.Evidence;

/// <summary>The STS provider through the real AWS SDK client against the protocol-level fake STS.</summary>
public sealed class StsWebIdentityTokenProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetSubjectToken_Defaults_SendsQueryRequestForAudienceRs256And300Seconds()
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var provider = StsTestClients.Provider(sdk);

        var token = await provider.GetSubjectTokenAsync(Ct);

        var call = Assert.Single(sts.Calls);
        Assert.Equal("GetWebIdentityToken", call.Action);
        Assert.Equal("2011-06-15", call.Version);
        Assert.Equal(["bridge"], call.Audiences);
        Assert.Equal("RS256", call.SigningAlgorithm);
        Assert.Equal("300", call.DurationSeconds);
        Assert.True(call.Signed);
        Assert.Equal(Assert.Single(sts.IssuedTokens), token.Token);
        Assert.Equal(SubjectToken.JwtTokenType, token.TokenType);
        Assert.Equal("RS256", new JsonWebToken(token.Token).Alg);
    }

    [Fact]
    public async Task GetSubjectToken_Es384AndLongerDuration_SentOnTheWire()
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var options = StsTestClients.Options();
        options.SigningAlgorithm = StsWebIdentityTokenOptions.Es384;
        options.Duration = TimeSpan.FromMinutes(15);

        var token = await StsTestClients.Provider(sdk, options).GetSubjectTokenAsync(Ct);

        var call = Assert.Single(sts.Calls);
        Assert.Equal("ES384", call.SigningAlgorithm);
        Assert.Equal("900", call.DurationSeconds);
        var jwt = new JsonWebToken(token.Token);
        Assert.Equal("ES384", jwt.Alg);
        Assert.Equal(900, (jwt.ValidTo - jwt.IssuedAt).TotalSeconds);
    }

    [Fact]
    public async Task GetSubjectToken_EveryCall_FreshTokenFromSts()
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var provider = StsTestClients.Provider(sdk);

        var first = await provider.GetSubjectTokenAsync(Ct);
        var second = await provider.GetSubjectTokenAsync(Ct);

        Assert.Equal(2, sts.Calls.Count);
        Assert.NotEqual(first.Token, second.Token);
    }

    [Fact]
    public async Task GetSubjectToken_Token_VerifiesAgainstTheIssuersJwksWithStsClaims()
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        sts.CallerArn = "arn:aws:iam::210987654321:role/Payments";

        var token = await StsTestClients.Provider(sdk).GetSubjectTokenAsync(Ct);

        using var http = new HttpClient();
        using var discovery = JsonDocument.Parse(await http.GetStringAsync(new Uri(sts.Issuer + "/.well-known/openid-configuration"), Ct));
        var jwksUri = discovery.RootElement.GetProperty("jwks_uri").GetString()!;
        var jwks = new JsonWebKeySet(await http.GetStringAsync(new Uri(jwksUri), Ct));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.Token, new TokenValidationParameters
        {
            ValidIssuer = sts.Issuer,
            ValidAudience = "bridge",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("arn:aws:iam::210987654321:role/Payments", jwt.Subject);
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        using var aws = JsonDocument.Parse(jwt.GetPayloadValue<JsonElement>("https://sts.amazonaws.com/").GetRawText());
        Assert.Equal("210987654321", aws.RootElement.GetProperty("aws_account").GetString());
        Assert.Equal("eu-west-1", aws.RootElement.GetProperty("source_region").GetString());
    }

    [Fact]
    public async Task GetSubjectToken_StsRefuses_StsWebIdentityTokenExceptionWithCodeAndStatus()
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        sts.FailNext(1, "OutboundWebIdentityFederationDisabledException", HttpStatusCode.Forbidden);

        var ex = await Assert.ThrowsAsync<StsWebIdentityTokenException>(() => StsTestClients.Provider(sdk).GetSubjectTokenAsync(Ct).AsTask());

        Assert.Equal("OutboundWebIdentityFederationDisabledException", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("OutboundWebIdentityFederationDisabledException", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSubjectToken_StsUnreachable_StsWebIdentityTokenException()
    {
        Uri url;
        await using (var stopped = await FakeStsServer.StartAsync())
        {
            url = stopped.ServiceUrl;
        }

        using var sdk = StsTestClients.Sdk(url);

        var ex = await Assert.ThrowsAsync<StsWebIdentityTokenException>(() => StsTestClients.Provider(sdk).GetSubjectTokenAsync(Ct).AsTask());

        Assert.Null(ex.ErrorCode);
    }

    [Fact]
    public async Task GetSubjectToken_CallerCancelled_OperationCanceled()
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StsTestClients.Provider(sdk).GetSubjectTokenAsync(cancelled.Token).AsTask());

        Assert.Empty(sts.Calls);
    }

    [Theory]
    [InlineData("RS256", 59)]
    [InlineData("RS256", 3601)]
    [InlineData("HS256", 300)]
    public async Task Client_OutOfRangeInput_StsValidationErrorSurfaces(string algorithm, int durationSeconds)
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var client = new AmazonStsWebIdentityTokenClient(sdk);

        var ex = await Assert.ThrowsAsync<StsWebIdentityTokenException>(() => client.GetWebIdentityTokenAsync("bridge", algorithm, durationSeconds, Ct));

        Assert.Equal("ValidationError", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Empty(sts.IssuedTokens);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task FakeSts_AudienceCountOutsideOneToTen_ValidationError(int count)
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var request = new GetWebIdentityTokenRequest
        {
            Audience = [.. Enumerable.Range(0, count).Select(i => "aud-" + i)],
            SigningAlgorithm = "RS256",
        };

        var ex = await Assert.ThrowsAnyAsync<Amazon.SecurityToken.AmazonSecurityTokenServiceException>(() => sdk.GetWebIdentityTokenAsync(request, Ct));

        Assert.Equal("ValidationError", ex.ErrorCode);
    }

    [Fact]
    public async Task FakeSts_TenAudiencesWithoutDuration_ArrayAudAndDefault300Seconds()
    {
        await using var sts = await FakeStsServer.StartAsync();
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var request = new GetWebIdentityTokenRequest
        {
            Audience = [.. Enumerable.Range(0, 10).Select(i => "aud-" + i)],
            SigningAlgorithm = "RS256",
        };

        var response = await sdk.GetWebIdentityTokenAsync(request, Ct);

        var jwt = new JsonWebToken(response.WebIdentityToken);
        Assert.Equal(request.Audience, jwt.Audiences);
        Assert.Equal(300, (jwt.ValidTo - jwt.IssuedAt).TotalSeconds);
        Assert.Equal(jwt.ValidTo, response.Expiration?.ToUniversalTime());
    }

    [Fact]
    public void ForRegion_UsesTheRegionalStsEndpoint()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        using var client = AmazonStsWebIdentityTokenClient.ForRegion("eu-west-1");
        using var east = AmazonStsWebIdentityTokenClient.ForRegion("us-east-1");

        var endpoint = client.Sts.DetermineServiceOperationEndpoint(new GetWebIdentityTokenRequest());
        var eastEndpoint = east.Sts.DetermineServiceOperationEndpoint(new GetWebIdentityTokenRequest());

        Assert.Equal("https://sts.eu-west-1.amazonaws.com", endpoint.URL.TrimEnd('/'));
        Assert.Equal("https://sts.us-east-1.amazonaws.com", eastEndpoint.URL.TrimEnd('/'));
    }
}

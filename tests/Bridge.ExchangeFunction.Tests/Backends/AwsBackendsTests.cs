using System.Net;
using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Authority.Aws.Kms;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.ExchangeFunction.Tests.Backends;

/// <summary>The whole exchange over HTTP with the AWS backends selected by configuration.</summary>
public sealed partial class AwsBackendsTests(AwsBackendsFixture aws) : IClassFixture<AwsBackendsFixture>
{
    [Fact]
    public void Configuration_SelectsTheAwsBackends()
    {
        var services = aws.Bridge.Services;
        Assert.IsType<DynamoDbRegistrationStore>(services.GetRequiredService<IRegistrationStore>());
        Assert.IsType<DynamoDbReplayCache>(services.GetRequiredService<Bridge.Abstractions.Replay.IReplayCache>());
        Assert.IsType<KmsKeyManager>(services.GetRequiredService<Bridge.Abstractions.Keys.IKeyManager>());
    }

    [Fact]
    public async Task Exchange_WithKmsAndDynamoDb_IssuesVerifiableSvidsAndRefusesReplay()
    {
        var bridge = aws.Bridge;
        await bridge.RegisterAsync("AwsBacked");
        var token = bridge.StsToken("AwsBacked");

        using var issued = await bridge.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        var jwtSvid = (await OAuthAssert.SuccessAsync(issued)).GetProperty("access_token").GetString()!;
        var jwks = new JsonWebKeySet(await bridge.Client.GetStringAsync(new Uri("/keys", UriKind.Relative), TestContext.Current.CancellationToken));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(jwtSvid, new TokenValidationParameters
        {
            ValidIssuer = BridgeFactory.BridgeIssuer,
            ValidAudience = "ledger",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateLifetime = false,
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);

        // The replay record lives in DynamoDB: the second use is refused.
        using var replayed = await bridge.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var x509 = await bridge.Client.PostTokenAsync(TokenRequest.X509(bridge.StsToken("AwsBacked"), Csrs.Pem(key)));
        var svid = X509Response.From(await OAuthAssert.SuccessAsync(x509));
        Assert.True(ChainsTo(svid), "the X.509-SVID must chain to the trust bundle");

        // Every signature came from KMS, and the records are in the table.
        Assert.True(aws.Kms.CallCount("Sign") >= 3);
        using var dynamoDb = aws.CreateDynamoDbClient();
        var items = await dynamoDb.ScanAsync(new ScanRequest { TableName = aws.TableName }, TestContext.Current.CancellationToken);
        Assert.Contains(items.Items, i => i["pk"].S.StartsWith("replay#", StringComparison.Ordinal));
        Assert.Contains(items.Items, i => i["pk"].S == "entry");
    }

    [Fact]
    public async Task X509_EntryStoredInDynamoDbBreakingTheDnsRule_Is400InvalidTargetNot500()
    {
        // DynamoDB keeps what it is given: an entry written before the DNS-name rule, or straight into the table.
        var bridge = aws.Bridge;
        await bridge.RegisterAsync("WildTldInDynamoDb", dnsNames: ["*.com"]);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var x509 = await bridge.Client.PostTokenAsync(TokenRequest.X509(bridge.StsToken("WildTldInDynamoDb"), Csrs.Pem(key)));

        await OAuthAssert.ErrorAsync(x509, HttpStatusCode.BadRequest, "invalid_target", ErrorDescriptions.ResourceNotAvailable);
    }

    private static bool ChainsTo(X509Response svid)
    {
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(svid.TrustBundle);
        chain.ChainPolicy.ExtraStore.AddRange(svid.Chain[1..]);
        return chain.Build(svid.Leaf);
    }
}

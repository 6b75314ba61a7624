using System.Net;
using System.Security.Cryptography;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing.Aws.DynamoDb;

namespace Bridge.ExchangeFunction.Tests.Backends;

/// <summary>
/// DynamoDB traffic of the exchange over HTTP, counted and broken on the wire under the real SDK client: a warm exchange
/// costs one DynamoDB request, and an outage is a retryable 503 that writes nothing. The tests of one class run one at a
/// time, so an injected fault reaches only its own test; <see cref="Dispose"/> clears it.
/// </summary>
public sealed partial class AwsBackendsTests : IDisposable
{
    public void Dispose() => aws.ResetDynamoDbTraffic();

    [Fact]
    public async Task WarmExchange_JwtAndX509_EachMakeExactlyOneDynamoDbRequest()
    {
        var bridge = aws.Bridge;
        await bridge.RegisterAsync("Counted");
        using (var warmUp = await bridge.Client.PostTokenAsync(TokenRequest.Jwt(bridge.StsToken("Counted"), "ledger")))
        {
            await OAuthAssert.SuccessAsync(warmUp);
        }

        aws.ResetDynamoDbTraffic();
        using (var jwt = await bridge.Client.PostTokenAsync(TokenRequest.Jwt(bridge.StsToken("Counted"), "ledger")))
        {
            await OAuthAssert.SuccessAsync(jwt);
        }

        // The replay record's conditional PutItem, nothing else: the entry match is served from the in-memory index.
        Assert.Equal(["PutItem"], aws.Counter.Calls);
        Assert.Equal(["PutItem"], aws.Wire.Requests);

        aws.ResetDynamoDbTraffic();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var x509 = await bridge.Client.PostTokenAsync(TokenRequest.X509(bridge.StsToken("Counted"), Csrs.Pem(key))))
        {
            await OAuthAssert.SuccessAsync(x509);
        }

        Assert.Equal(["PutItem"], aws.Counter.Calls);
        Assert.Equal(["PutItem"], aws.Wire.Requests);
    }

    [Theory]
    [InlineData(DynamoDbFault.Throttle)]
    [InlineData(DynamoDbFault.ServiceUnavailable)]
    [InlineData(DynamoDbFault.Unreachable)]
    public async Task Exchange_DynamoDbDown_IsTemporarilyUnavailableAndBurnsNoToken(DynamoDbFault fault)
    {
        var bridge = aws.Bridge;

        // One role per case: each registers its own entry, and a caller matching two would be refused.
        var role = "Outage" + fault;
        await bridge.RegisterAsync(role);
        using (var warmUp = await bridge.Client.PostTokenAsync(TokenRequest.Jwt(bridge.StsToken(role), "ledger")))
        {
            await OAuthAssert.SuccessAsync(warmUp);
        }

        var token = bridge.StsToken(role);
        aws.ResetDynamoDbTraffic();
        aws.Wire.Inject(fault);

        using (var refused = await bridge.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger")))
        {
            await OAuthAssert.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", ErrorDescriptions.Unavailable);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        }

        // The SDK retried the replay write (bounded) before the exchange gave up.
        Assert.True(aws.Wire.Requests.Count > 1);
        Assert.All(aws.Wire.Requests, r => Assert.Equal("PutItem", r));

        // Nothing was written: once DynamoDB is back, the very same token is accepted, once.
        aws.ResetDynamoDbTraffic();
        using (var retried = await bridge.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger")))
        {
            await OAuthAssert.SuccessAsync(retried);
        }

        using var replayed = await bridge.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
    }
}

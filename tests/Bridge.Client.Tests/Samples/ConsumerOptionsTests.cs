using Bridge.Samples.LambdaConsumer;

namespace Bridge.Client.Tests.Samples;

public sealed class ConsumerOptionsTests
{
    [Fact]
    public void FromEnvironment_NothingSet_ListsEveryMissingSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ConsumerOptions.FromEnvironment(_ => null));

        foreach (var name in new[] { "BRIDGE_URL", "BRIDGE_AUDIENCE", "AWS_REGION", "CONSUMER_ROLE_ARN", "PEER_URL", "PEER_SPIFFE_ID" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FromEnvironment_FunctionName_BecomesSessionName()
    {
        var options = ConsumerOptions.FromEnvironment(name => name switch
        {
            "BRIDGE_URL" => "https://bridge.example.org/",
            "PEER_URL" => "https://peer.example.org/",
            "PEER_SPIFFE_ID" => "spiffe://example.org/peer",
            "AWS_LAMBDA_FUNCTION_NAME" => "orders-consumer",
            _ => "x",
        });

        Assert.Equal("orders-consumer", options.RoleSessionName);
        Assert.Equal("spiffe://example.org/peer", options.PeerSpiffeId.ToString());
    }
}

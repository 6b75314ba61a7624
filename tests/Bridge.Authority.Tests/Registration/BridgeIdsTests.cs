using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Registration;

public sealed class BridgeIdsTests
{
    private static readonly TrustDomain Domain = TrustDomain.Parse("example.org");

    [Fact]
    public void Agent_BuildsTheAwsIidAgentId()
    {
        var id = BridgeIds.Agent(Domain, "aws_iid", ["123456789012", "us-east-1", "i-0abc"]);

        Assert.Equal("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc", id.ToString());
        Assert.True(BridgeIds.IsAgent(id));
        Assert.True(BridgeIds.IsReservedPath(id.Path));
    }

    [Fact]
    public void Agent_SegmentWithSlash_IsRefusedRatherThanAddingSegments()
    {
        Assert.Throws<FormatException>(() => BridgeIds.Agent(Domain, "aws_iid", ["123456789012", "us-east-1/x", "i-0abc"]));
        Assert.Throws<ArgumentException>(() => BridgeIds.Agent(Domain, "aws_iid", []));
    }

    [Theory]
    [InlineData("spiffe://example.org/bridge/agent/aws_iid")]
    [InlineData("spiffe://example.org/bridge/agent")]
    [InlineData("spiffe://example.org/bridge/attestor/aws-sts")]
    [InlineData("spiffe://example.org/agent/aws_iid/1/2/3")]
    [InlineData("spiffe://example.org/Bridge/agent/aws_iid/1")]
    public void IsAgent_OtherIds_False(string id) => Assert.False(BridgeIds.IsAgent(SpiffeId.Parse(id)));

    [Fact]
    public void IsAgent_ZeroId_False() => Assert.False(BridgeIds.IsAgent(default));

    [Fact]
    public void NodeSet_RoundTripsItsName()
    {
        var id = BridgeIds.NodeSet(Domain, "web");

        Assert.Equal("spiffe://example.org/bridge/nodeset/web", id.ToString());
        Assert.True(BridgeIds.TryGetNodeSetName(id, out var name));
        Assert.Equal("web", name);
        Assert.False(BridgeIds.TryGetNodeSetName(SpiffeId.Parse("spiffe://example.org/bridge/nodeset/web/x"), out _));
        Assert.False(BridgeIds.TryGetNodeSetName(BridgeIds.Server(Domain), out _));
        Assert.False(BridgeIds.TryGetAttestorName(id, out _));
    }

    [Fact]
    public void Server_IsTheParentOfNodeSetDefinitions() =>
        Assert.Equal("spiffe://example.org/bridge/server", BridgeIds.Server(Domain).ToString());
}

using Bridge.Abstractions.Nodes;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Authority.Local.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary><c>Bridge:Backends:Nodes</c> decides which <see cref="INodeStore"/> the service registers (one per process).</summary>
public sealed class NodeStoreSelectionTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bridge-nodes-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Default_IsTheFileStoreAtItsConfiguredPathAsOneSingleton()
    {
        var path = Path.Combine(_root.FullName, "state", "nodes.json");
        using var services = Build(new() { ["Bridge:Backends:NodesFile"] = path });

        var store = Assert.IsType<FileNodeStore>(services.GetRequiredService<INodeStore>());

        Assert.Equal(path, store.FilePath);
        Assert.Same(store, services.GetRequiredService<INodeStore>());
    }

    [Fact]
    public void InMemory_IsTheInMemoryStore()
    {
        using var services = Build(new() { ["Bridge:Backends:Nodes"] = "InMemory" });

        Assert.IsType<InMemoryNodeStore>(services.GetRequiredService<INodeStore>());
    }

    [Fact]
    public void DynamoDb_IsTheDynamoDbStoreOverTheSharedTable()
    {
        using var services = Build(new()
        {
            ["Bridge:Backends:Nodes"] = "DynamoDb",
            ["Bridge:Backends:DynamoDbTable"] = "bridge",
            ["Bridge:Backends:DynamoDbServiceUrl"] = "http://127.0.0.1:1",
        });

        Assert.IsType<DynamoDbNodeStore>(services.GetRequiredService<INodeStore>());
    }

    [Fact]
    public async Task FileStore_UsesTheConfiguredExpiryGrace()
    {
        var path = Path.Combine(_root.FullName, "nodes.json");
        using var services = Build(new() { ["Bridge:Backends:NodesFile"] = path, ["Bridge:Backends:NodeExpiryGrace"] = "00:00:00" });
        var store = services.GetRequiredService<INodeStore>();
        var expired = new NodeRecord
        {
            AgentId = Spiffe.Id.SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-1"),
            AttestorName = "aws_iid",
            AttestationFingerprint = "123456789012/us-east-1/i-1",
            FirstAttestedAt = DateTimeOffset.UtcNow.AddHours(-2),
            LastAttestedAt = DateTimeOffset.UtcNow.AddHours(-2),
            SvidSerialNumber = "01",
            SvidExpiresAt = DateTimeOffset.UtcNow.AddHours(-1),
        };
        var ct = TestContext.Current.CancellationToken;
        await store.TryCreateAsync(expired, ct);

        // With no grace, a record whose SVID expired an hour ago is stale at once, so a new attestation replaces it.
        Assert.Equal(NodeWriteStatus.Succeeded, (await store.TryCreateAsync(expired with { SvidSerialNumber = "02" }, ct)).Status);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddBridgeExchange(configuration).BuildServiceProvider();
    }
}

using System.Text.Json;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.DynamoDb;
using Microsoft.Extensions.Options;

namespace Bridge.Cli.Tests.Agents;

/// <summary><c>bridge agent</c> against DynamoDB Local, through the real AWS SDK and the service's DynamoDB node store.</summary>
public sealed class AgentDynamoDbCommandTests(DynamoDbLocalFixture dynamoDb) : IClassFixture<DynamoDbLocalFixture>
{
    private const string AgentId = "spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc";

    [Fact]
    public async Task ListShowBanEvict_AgainstDynamoDbLocal_AreSeenByTheServicesStore()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = DynamoDbLocalFixture.NewTableName("agents");
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(table), ct);
        using var client = dynamoDb.CreateClient();
        var environment = new Dictionary<string, string?>
        {
            ["Bridge:Backends:Nodes"] = "DynamoDb",
            ["Bridge:Backends:DynamoDbTable"] = table,
        };
        var now = DateTimeOffset.UtcNow;
        var service = new DynamoDbNodeStore(client, Options.Create(new DynamoDbNodeStoreOptions { TableName = table }), TimeProvider.System);
        var node = new NodeRecord
        {
            AgentId = SpiffeId.Parse(AgentId),
            AttestorName = "aws_iid",
            AttestationFingerprint = "123456789012/us-east-1/i-0abc",
            Selectors = [Selector.Parse("aws_iid:tag:role:web")],
            FirstAttestedAt = now,
            LastAttestedAt = now,
            SvidSerialNumber = "01",
            SvidExpiresAt = now.AddHours(1),
        };
        var created = (await service.TryCreateAsync(node, ct)).Node!;

        var listed = await AgentCli.RunAsync(environment, client, TimeProvider.System, "list");
        var banned = await AgentCli.RunAsync(environment, client, TimeProvider.System, "ban", AgentId);
        var shown = await AgentCli.RunAsync(environment, client, TimeProvider.System, "show", AgentId, "--json");

        Assert.True(listed.Exit == 0, listed.Output);
        Assert.Contains($"1 agents in DynamoDB table {table}", AgentCli.Words(listed.Output), StringComparison.Ordinal);
        Assert.True(banned.Exit == 0, banned.Output);
        Assert.Equal(NodeWriteStatus.Banned, (await service.UpdateAsync(created with { SvidSerialNumber = "02" }, ct)).Status);
        using (var document = JsonDocument.Parse(shown.Output))
        {
            Assert.Equal("banned", document.RootElement.GetProperty("status").GetString());
            Assert.Equal(2, document.RootElement.GetProperty("revision").GetInt64());
        }

        var evicted = await AgentCli.RunAsync(environment, client, TimeProvider.System, "evict", AgentId);

        Assert.True(evicted.Exit == 0, evicted.Output);
        Assert.Null(await service.GetAsync(node.AgentId, ct));
        Assert.Equal(NodeWriteStatus.Succeeded, (await service.TryCreateAsync(node, ct)).Status);
    }

    [Fact]
    public async Task AnyCommand_DynamoDbUnreachable_ExitsThreeWithoutTrace()
    {
        using var client = DynamoDbLocalFixture.CreateClientFor(new Uri("http://127.0.0.1:1"), maxErrorRetry: 0);
        var environment = new Dictionary<string, string?>
        {
            ["Bridge:Backends:Nodes"] = "DynamoDb",
            ["Bridge:Backends:DynamoDbTable"] = "absent",
        };

        var (exit, output) = await AgentCli.RunAsync(environment, client, TimeProvider.System, "ban", AgentId);

        Assert.Equal(3, exit);
        Assert.Contains("DynamoDB table absent is unavailable", AgentCli.Words(output), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DynamoDbWithoutTable_ExitsTwoNamingTheSetting()
    {
        var (exit, output) = await AgentCli.RunAsync(
            new Dictionary<string, string?> { ["Bridge:Backends:Nodes"] = "DynamoDb" }, null, TimeProvider.System, "list");

        Assert.Equal(2, exit);
        Assert.Contains("Bridge:Backends:DynamoDbTable: required", output, StringComparison.Ordinal);
    }
}

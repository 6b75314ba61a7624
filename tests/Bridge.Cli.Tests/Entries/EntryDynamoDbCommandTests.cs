using Amazon.DynamoDBv2;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Testing.Aws.DynamoDb;

namespace Bridge.Cli.Tests.Entries;

/// <summary><c>bridge entry</c> against DynamoDB Local, through the real AWS SDK and the service's DynamoDB store.</summary>
public sealed class EntryDynamoDbCommandTests(DynamoDbLocalFixture dynamoDb) : IClassFixture<DynamoDbLocalFixture>
{
    [Fact]
    public async Task CreateListUpdateDelete_AgainstDynamoDbLocal_BehaveAsOnTheFileStore()
    {
        var table = DynamoDbLocalFixture.NewTableName("cli");
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(table), TestContext.Current.CancellationToken);
        using var client = dynamoDb.CreateClient();
        var environment = new Dictionary<string, string?>
        {
            ["Bridge:Backends:Registration"] = "DynamoDb",
            ["Bridge:Backends:DynamoDbTable"] = table,
        };

        var created = await EntryCli.RunAsync(environment, client,
            "create", "--id", "payments", "--spiffe-id", "spiffe://example.org/payments", "--attestor", "aws-sts", "--selector", "aws:role:payments");
        var updated = await EntryCli.RunAsync(environment, client, "update", "payments", "--hint", "ledger", "--revision", "1");
        var stale = await EntryCli.RunAsync(environment, client, "update", "payments", "--hint", "lost", "--revision", "1");
        var listed = await EntryCli.RunAsync(environment, client, "list", "--json");

        Assert.True(created.Exit == 0, created.Output);
        Assert.Contains($"DynamoDB table {table}", created.Output, StringComparison.Ordinal);
        Assert.True(updated.Exit == 0, updated.Output);
        Assert.Equal(1, stale.Exit);
        Assert.Contains("\"hint\": \"ledger\"", listed.Output, StringComparison.Ordinal);
        Assert.Contains("\"revision\": 2", listed.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await EntryCli.RunAsync(environment, client, "delete", "payments")).Exit);
        Assert.Contains("0 entries", (await EntryCli.RunAsync(environment, client, "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_DynamoDbUnreachable_ExitsThreeWithoutTrace()
    {
        using var client = DynamoDbLocalFixture.CreateClientFor(new Uri("http://127.0.0.1:1"), maxErrorRetry: 0);
        var environment = new Dictionary<string, string?>
        {
            ["Bridge:Backends:Registration"] = "DynamoDb",
            ["Bridge:Backends:DynamoDbTable"] = "absent",
        };

        var (exit, output) = await EntryCli.RunAsync(environment, client, "show", "payments");

        Assert.Equal(3, exit);
        Assert.Contains("is unavailable", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}

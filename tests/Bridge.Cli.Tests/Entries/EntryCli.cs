using Amazon.DynamoDBv2;
using Bridge.Cli.Commands;
using Bridge.Cli.Tests.Commands;
using Microsoft.Extensions.Configuration;

namespace Bridge.Cli.Tests.Entries;

/// <summary>Runs <c>bridge entry ...</c> through the real command-line parser and captures what it prints.</summary>
internal static class EntryCli
{
    public static async Task<(int Exit, string Output)> RunAsync(
        IReadOnlyDictionary<string, string?> environment, IAmazonDynamoDB? dynamoDbClient, params string[] args)
    {
        var (exit, output, _) = await RunWithWarningsAsync(environment, dynamoDbClient, args);
        return (exit, output);
    }

    /// <summary>As <see cref="RunAsync"/>, with what went to the warnings writer (stderr) kept apart from the output.</summary>
    public static async Task<(int Exit, string Output, string Warnings)> RunWithWarningsAsync(
        IReadOnlyDictionary<string, string?> environment, IAmazonDynamoDB? dynamoDbClient, params string[] args)
    {
        var (console, output) = TestConsoles.Create();
        var warnings = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment).Build();
        var command = EntryCommand.Create(console, configuration, dynamoDbClient, warnings);
        var exit = await command.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        return (exit, output.ToString(), warnings.ToString());
    }
}

using Amazon.DynamoDBv2;
using Bridge.Cli.Commands;
using Bridge.Cli.Tests.Commands;
using Microsoft.Extensions.Configuration;

namespace Bridge.Cli.Tests.Agents;

/// <summary>Runs <c>bridge agent ...</c> through the real command-line parser and captures what it prints.</summary>
internal static class AgentCli
{
    public static async Task<(int Exit, string Output)> RunAsync(
        IReadOnlyDictionary<string, string?> environment,
        IAmazonDynamoDB? dynamoDbClient,
        TimeProvider time,
        params string[] args) => await RunInteractiveAsync(environment, dynamoDbClient, time, answer: null, args);

    /// <summary>As <see cref="RunAsync"/>, at an interactive terminal where the person types <paramref name="answer"/> (null: not interactive).</summary>
    public static async Task<(int Exit, string Output)> RunInteractiveAsync(
        IReadOnlyDictionary<string, string?> environment,
        IAmazonDynamoDB? dynamoDbClient,
        TimeProvider time,
        string? answer,
        params string[] args)
    {
        var (console, output) = TestConsoles.Create();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment).Build();
        var command = AgentCommand.Create(console, configuration, dynamoDbClient, time, () => answer is not null, new StringReader(answer ?? string.Empty));
        var exit = await command.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        return (exit, output.ToString());
    }

    /// <summary>The output's words joined by single spaces: the console wraps long lines and tables wrap cells.</summary>
    public static string Words(string output) =>
        string.Join(' ', output.Split([' ', '\n', '│', '╭', '╮', '╰', '╯', '─', '┬', '┴', '┼', '├', '┤'], StringSplitOptions.RemoveEmptyEntries));
}

using System.CommandLine;
using Bridge.Cli.Agents;
using Bridge.Cli.Entries;
using Bridge.Cli.Output;
using Bridge.Cli.Stores;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Bridge.Cli.Commands;

/// <summary>
/// <c>bridge agent list | show | evict | ban</c>: the attested-node records of the store the service uses (the local
/// file or DynamoDB), so an operator can see which nodes attested, evict one (it must attest again; a ban is lifted) or
/// ban one (it can neither renew nor attest until evicted). See docs/agents.md.
/// </summary>
internal static class AgentCommand
{
    public static Command Create() => Create(
        AnsiConsole.Console,
        new ConfigurationBuilder().AddEnvironmentVariables().Build(),
        dynamoDbClient: null,
        TimeProvider.System,
        isInteractive: () => !Console.IsInputRedirected && !Console.IsOutputRedirected,
        Console.In);

    /// <param name="console">Where output goes.</param>
    /// <param name="environment">Environment configuration the store settings fall back to.</param>
    /// <param name="dynamoDbClient">A DynamoDB client to use instead of one built from the settings (tests).</param>
    /// <param name="time">The clock records are judged stale with.</param>
    /// <param name="isInteractive">Whether a person is at the terminal to confirm an eviction.</param>
    /// <param name="input">Where the confirmation is read from.</param>
    internal static Command Create(
        IAnsiConsole console,
        IConfiguration environment,
        Amazon.DynamoDBv2.IAmazonDynamoDB? dynamoDbClient,
        TimeProvider time,
        Func<bool> isInteractive,
        TextReader input)
    {
        var store = new StoreOptions(
            "File or DynamoDb (default: Bridge__Backends__Nodes, else File).",
            "The node record file (default: Bridge__Backends__NodesFile, else .bridge/nodes.json, as the local service).");
        var agent = new Command("agent", "Work with attested-node records: which agents attested, evict or ban one.");
        store.AddTo(agent);
        var json = new Option<bool>("--json") { Description = "Print JSON (the node record fields and a status) instead of a table.", Recursive = true };
        agent.Options.Add(json);

        Func<ParseResult, CancellationToken, Task<int>> Run(StoreOperation<AgentOperations> operation) => (parse, ct) => StoreCommand.RunAsync(
            console,
            "node store",
            () => Task.FromResult(NodeStoreConnection.Open(store.Read(parse), environment, dynamoDbClient, time)),
            connection => operation(parse, new AgentOperations(connection, console, parse.GetValue(json)), ct));

        var banned = new Option<bool>("--banned") { Description = "Only banned agents." };
        var stale = new Option<bool>("--stale") { Description = "Only stale agents (SVID expired longer ago than the grace)." };
        var list = new Command("list", "List the agents that attested, with their status (active, stale or banned).") { banned, stale };
        list.Validators.Add(result =>
        {
            if (result.GetValue(banned) && result.GetValue(stale))
            {
                result.AddError("--banned and --stale cannot be combined.");
            }
        });
        list.SetAction(Run((parse, ops, ct) =>
            ops.ListAsync(parse.GetValue(banned) ? AgentFilter.Banned : parse.GetValue(stale) ? AgentFilter.Stale : AgentFilter.All, ct)));

        var agentId = new Argument<string>("agent-id") { Description = "The agent's SPIFFE ID, e.g. spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc." };
        var show = new Command("show", "Show every field of one agent's record.") { agentId };
        show.SetAction(Run((parse, ops, ct) => ops.ShowAsync(parse.GetValue(agentId)!, ct)));

        var revision = new Option<long?>("--revision") { Description = "Evict only if the record is still at this revision." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (it is asked only at an interactive terminal)." };
        var evict = new Command("evict", "Delete an agent's record: the node must attest again, and a ban is lifted.") { agentId, revision, yes };
        evict.SetAction(Run((parse, ops, ct) => ops.EvictAsync(
            parse.GetValue(agentId)!,
            parse.GetValue(revision),
            id => parse.GetValue(yes) || !isInteractive() || Confirm(console, input, id),
            ct)));

        var ban = new Command("ban", "Ban an agent: it can neither renew nor attest again until evicted.") { agentId };
        ban.SetAction(Run((parse, ops, ct) => ops.BanAsync(parse.GetValue(agentId)!, ct)));

        agent.Subcommands.Add(list);
        agent.Subcommands.Add(show);
        agent.Subcommands.Add(evict);
        agent.Subcommands.Add(ban);
        return agent;
    }

    private static bool Confirm(IAnsiConsole console, TextReader input, SpiffeId agentId)
    {
        console.Markup(Markup.Escape($"Evict agent {agentId}? It must attest again, and a ban on it is lifted. [y/N] "));
        var answer = input.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }
}

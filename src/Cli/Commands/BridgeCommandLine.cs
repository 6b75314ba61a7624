using System.CommandLine;

namespace Bridge.Cli.Commands;

/// <summary>The <c>bridge</c> command tree.</summary>
internal static class BridgeCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Bridge: AWS evidence in, short-lived SPIFFE identities out.");
        root.Subcommands.Add(ColdStartCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DevCommand.Create());
        root.Subcommands.Add(EntryCommand.Create());
        root.Subcommands.Add(CaCommand.Create());
        root.Subcommands.Add(AgentCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        root.Subcommands.Add(WorkloadCommand.Create());
        return root;
    }
}

using Bridge.Cli.Entries;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Stores;

/// <summary>How <c>bridge entry</c> and <c>bridge agent</c> run a subcommand against their store.</summary>
internal static class StoreCommand
{
    /// <summary>
    /// Opens the store; settings that cannot open it are listed at once (exit 2). Otherwise runs
    /// <paramref name="operation"/> and closes the store.
    /// </summary>
    public static async Task<int> RunAsync<TConnection>(
        IAnsiConsole console,
        string storeDescription,
        Func<Task<(TConnection? Connection, IReadOnlyList<string> Errors)>> open,
        Func<TConnection, Task<int>> operation)
        where TConnection : class, IAsyncDisposable
    {
        ConsoleLayout.WidenWhenRedirected(console);
        var (connection, errors) = await open();
        if (connection is null)
        {
            EntryRendering.WriteErrors(console, $"The {storeDescription} cannot be opened:", errors);
            return EntryOperations.UsageError;
        }

        await using (connection)
        {
            return await operation(connection);
        }
    }
}

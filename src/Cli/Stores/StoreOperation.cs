using System.CommandLine;

namespace Bridge.Cli.Stores;

/// <summary>What one <c>bridge entry</c> or <c>bridge agent</c> subcommand does once its store is open.</summary>
/// <typeparam name="TOperations">The command's operations over the open store.</typeparam>
/// <returns>The exit code.</returns>
internal delegate Task<int> StoreOperation<in TOperations>(ParseResult parse, TOperations operations, CancellationToken cancellationToken);

using Bridge.Cli.Commands;

// `bridge` — demo, entry validation. Each command lives in Commands/ and returns its exit code.
return await BridgeCommandLine.Create().Parse(args).InvokeAsync().ConfigureAwait(false);

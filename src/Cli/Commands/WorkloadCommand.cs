using System.CommandLine;
using Bridge.Cli.Workloads;
using Bridge.Client.WorkloadApi;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Commands;

/// <summary>
/// <c>bridge workload fetch | jwt | mtls-serve | mtls-connect</c>: act as a workload against the local agent's SPIFFE
/// Workload API (<c>--socket</c>, else <c>SPIFFE_ENDPOINT_SOCKET</c>), the way <c>spire-agent api fetch</c> does: see
/// which identity the agent gives this process, or use it for mutual TLS with another workload (docs/agent/README.md).
/// </summary>
internal static class WorkloadCommand
{
    public static Command Create() => Create(Console.Out, TimeProvider.System);

    internal static Command Create(TextWriter output, TimeProvider time)
    {
        var socket = new Option<string?>("--socket")
        {
            Description = $"The Workload API address, e.g. unix:///run/bridge/agent.sock (default: {WorkloadApiOptions.EndpointSocketVariable}).",
            Recursive = true,
        };
        var spiffeId = new Option<string?>("--spiffe-id") { Description = "Use this identity when the process is entitled to several (default: the agent's first).", Recursive = true };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "How long one call to the agent may take.", DefaultValueFactory = _ => TimeSpan.FromSeconds(10), Recursive = true };
        var workload = new Command("workload", "Act as a workload: fetch this process's SVID from the local agent, or use it for mutual TLS.") { socket, spiffeId, timeout };

        var fetch = new Command("fetch", "Print the X.509-SVID the agent issues to this process (exit 1 when it issues none).");
        fetch.SetAction((parse, ct) => Operations(parse).FetchX509Async(ct));

        var audience = new Option<string[]>("--audience") { Description = "An audience of the JWT-SVID (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = false };
        var printToken = new Option<bool>("--print-token") { Description = "Also print the token itself (it is a bearer credential until it expires)." };
        var jwt = new Command("jwt", "Fetch a JWT-SVID for an audience and print its claims.") { audience, printToken };
        jwt.SetAction((parse, ct) => Operations(parse).FetchJwtAsync(parse.GetValue(audience)!, parse.GetValue(printToken), ct));

        var allow = new Option<string[]>("--allow") { Description = "A peer SPIFFE ID to accept (repeat for several).", Required = true };
        var port = new Option<int>("--port") { Description = "The loopback TCP port.", Required = true };
        var servePort = new Option<int>("--port") { Description = "The loopback TCP port (0: any free port, printed).", DefaultValueFactory = _ => 0 };
        var connections = new Option<int>("--connections") { Description = "Serve this many connections, then exit.", DefaultValueFactory = _ => 1 };
        var serve = new Command("mtls-serve", "Serve mutual TLS on loopback with this process's SVID, accepting only the allowed peers.") { servePort, allow, connections };
        serve.Validators.Add(result =>
        {
            if (result.GetValue(connections) < 1)
            {
                result.AddError("--connections must be at least 1.");
            }
        });
        serve.SetAction((parse, ct) => AllowedOrUsage(parse, allow, output, allowed =>
            Operations(parse).ServeAsync(parse.GetValue(servePort), allowed, parse.GetValue(connections), ct)));

        var trustBundle = new Option<FileInfo?>("--trust-bundle")
        {
            Description = "A SPIFFE bundle (the exchange's /bundle) to check the server with when the agent issues this process no identity: the client then tries without a certificate, to show the server refusing it.",
        };
        var connect = new Command("mtls-connect", "Connect with mutual TLS to a loopback port with this process's SVID, accepting only the allowed server.") { port, allow, trustBundle };
        connect.SetAction((parse, ct) => AllowedOrUsage(parse, allow, output, async allowed =>
        {
            SpiffeBundle? bundle = null;
            if (parse.GetValue(trustBundle) is { } file)
            {
                var domain = allowed.First().TrustDomain;
                if (!file.Exists || !SpiffeBundleDocument.TryParse(domain, await File.ReadAllTextAsync(file.FullName, ct), out bundle))
                {
                    await output.WriteLineAsync($"error: --trust-bundle: {file.FullName} is not a SPIFFE bundle of {domain}.");
                    return WorkloadOperations.UsageError;
                }
            }

            return await Operations(parse).ConnectAsync(parse.GetValue(port), allowed, bundle, ct);
        }));

        workload.Subcommands.Add(fetch);
        workload.Subcommands.Add(jwt);
        workload.Subcommands.Add(serve);
        workload.Subcommands.Add(connect);
        return workload;

        WorkloadOperations Operations(ParseResult parse) => new(
            new WorkloadApiOptions { Address = parse.GetValue(socket), SpiffeId = parse.GetValue(spiffeId), CallTimeout = parse.GetValue(timeout) },
            output,
            time);
    }

    private static async Task<int> AllowedOrUsage(ParseResult parse, Option<string[]> allow, TextWriter output, Func<IReadOnlySet<SpiffeId>, Task<int>> run)
    {
        var allowed = new HashSet<SpiffeId>();
        foreach (var value in parse.GetValue(allow)!)
        {
            if (!SpiffeId.TryParse(value, out var id))
            {
                await output.WriteLineAsync($"error: --allow: '{value}' is not a SPIFFE ID.");
                return WorkloadOperations.UsageError;
            }

            allowed.Add(id);
        }

        return await run(allowed);
    }
}

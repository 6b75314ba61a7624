using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Agent.Cache;
using Bridge.Agent.Hosting;
using Bridge.Agent.Node;
using Bridge.Spiffe.Id;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Cli.Demo;

/// <summary>
/// The agent half of the story: the real <c>bridge-agent</c> in this process attests its "instance" through an IMDSv2
/// stand-in, serves the SPIFFE Workload API on a Unix socket, and three workloads run as their own processes under
/// uids 1001, 1002 and 1003. Two are registered by uid: each fetches its own X.509-SVID and they complete mutual TLS
/// checking each other's SPIFFE ID. The third is registered nowhere: the agent answers PermissionDenied and the server
/// refuses its handshake. Workloads under other uids need root; without it the lab records why it could not run.
/// </summary>
/// <param name="onStep">Receives each checked step.</param>
/// <param name="readyDeadline">
/// How long to wait for the agent or a workload before calling the step failed (default 60 s): a bound, not a
/// measurement, so a slow machine passes and a hang fails.
/// </param>
internal sealed class AgentLab(Action<DemoStep> onStep, TimeSpan? readyDeadline = null)
{
    public const int UidA = 1001;
    public const int UidB = 1002;
    public const int UidUnregistered = 1003;

    private readonly TimeSpan _readyDeadline = readyDeadline ?? TimeSpan.FromSeconds(60);
    private string _program = string.Empty;
    private string _socket = string.Empty;

    /// <summary>Where the lab's agent and workloads run.</summary>
    /// <param name="ExchangeUrl">The exchange the agent attests to.</param>
    /// <param name="Registrations">The exchange's registration store.</param>
    /// <param name="TrustDomain">The exchange's trust domain.</param>
    /// <param name="ImdsEndpoint">The IMDSv2 stand-in serving the instance's identity document.</param>
    /// <param name="AgentId">The agent ID that document attests to (the parent of the workload entries).</param>
    /// <param name="BundleJson">The exchange's SPIFFE bundle, which the unregistered workload checks the server with.</param>
    internal sealed record Setup(string ExchangeUrl, IRegistrationStore Registrations, TrustDomain TrustDomain, Uri ImdsEndpoint, SpiffeId AgentId, string BundleJson);

    public static SpiffeId IdOf(TrustDomain trustDomain, string name) => SpiffeId.Parse($"spiffe://{trustDomain.Name}/lab/{name}");

    public async Task RunAsync(Setup setup, bool verbose, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || !WorkloadProcess.CanSwitchUsers)
        {
            onStep(new DemoStep("Agent lab: workloads under uids 1001-1003", "run", false, "not run here: starting workloads as other users needs root and setpriv", "not root", Skipped: true));
            return;
        }

        var a = IdOf(setup.TrustDomain, "workload-a");
        var b = IdOf(setup.TrustDomain, "workload-b");
        await RegisterAsync(setup, a, UidA, cancellationToken).ConfigureAwait(false);
        await RegisterAsync(setup, b, UidB, cancellationToken).ConfigureAwait(false);

        var directory = Directory.CreateTempSubdirectory("bridge-lab-");
        try
        {
            // The workloads (other uids) must reach the socket's directory; the agent keeps its data directory owner-only.
            File.SetUnixFileMode(directory.FullName, (UnixFileMode)0b111_101_101);
            var socket = _socket = "unix://" + Path.Combine(directory.FullName, "run", "agent.sock");
            _program = WorkloadProcess.CopyProgramTo(Path.Combine(directory.FullName, "program"));
            var bundle = Path.Combine(directory.FullName, "bundle.json");
            await File.WriteAllTextAsync(bundle, setup.BundleJson, cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(bundle, (UnixFileMode)0b110_100_100);

            await using var agent = AgentApplication.Build(
                [
                    "--BridgeAgent:ServerUrl=" + setup.ExchangeUrl,
                    "--BridgeAgent:TrustDomain=" + setup.TrustDomain.Name,
                    "--BridgeAgent:DataDirectory=" + Path.Combine(directory.FullName, "data"),
                    "--BridgeAgent:NodeAttestor:ImdsEndpoint=" + setup.ImdsEndpoint,
                    "--BridgeAgent:WorkloadApi:SocketPath=" + socket,
                    "--BridgeAgent:Health:Listen=",
                ],
                builder =>
                {
                    if (!verbose)
                    {
                        builder.Logging.ClearProviders();
                    }
                });
            await agent.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var ready = await WaitUntilServingAsync(agent.Services, 2, cancellationToken).ConfigureAwait(false);
                var agentId = agent.Services.GetRequiredService<IAgentIdentity>().Current?.AgentId;
                Record("Agent: attest the instance (aws_iid, IMDSv2)", "agent SVID issued", agentId == setup.AgentId, agentId?.ToString() ?? "no agent SVID", null);
                Record("Agent: sync entries, mint their SVIDs ahead", "2 SVIDs cached", ready, ready ? "2 entries, both minted" : "the cache did not fill", null);

                await FetchAsync("uid 1001", UidA, a, cancellationToken).ConfigureAwait(false);
                await FetchAsync("uid 1002", UidB, b, cancellationToken).ConfigureAwait(false);
                await MutualTlsAsync(a, b, bundle, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await agent.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task RegisterAsync(Setup setup, SpiffeId id, int uid, CancellationToken cancellationToken)
    {
        var entry = new RegistrationEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            SpiffeId = id.ToString(),
            ParentId = setup.AgentId,
            Selectors = [new Selector("unix", "uid:" + uid)],
        };
        var result = await setup.Registrations.CreateAsync(entry, cancellationToken).ConfigureAwait(false);
        Record($"Register workload uid {uid} under the agent", "entry stored", result.Entry is not null, $"{id} ← unix:uid:{uid}", null);
    }

    private async Task FetchAsync(string who, int uid, SpiffeId expected, CancellationToken cancellationToken)
    {
        await using var fetch = await RunAsync(uid, ["fetch"], cancellationToken).ConfigureAwait(false);
        var id = Value(fetch.Lines, "spiffe_id");
        Record($"{who}: X.509-SVID from the Workload API", "issued", fetch.ExitCode == 0 && id == expected.ToString(), id ?? Last(fetch.Lines), null);
    }

    private async Task MutualTlsAsync(SpiffeId a, SpiffeId b, string bundle, CancellationToken cancellationToken)
    {
        // uid 1001 serves two connections: uid 1002's, then the unregistered uid 1003's.
        await using var server = WorkloadProcess.Start(_program, UidA, _socket, ["mtls-serve", "--allow", b.ToString(), "--connections", "2"]);
        var listening = await WithinDeadlineAsync(server.WaitForLineAsync("listening on ", cancellationToken)).ConfigureAwait(false);
        if (listening is null)
        {
            Record("uid 1001 ↔ uid 1002: mutual TLS", "connected", false, "the server did not start: " + Last(server.Lines), null);
            return;
        }

        var port = listening.Split(' ')[2].Split(':')[^1];
        await using var client = await RunAsync(UidB, ["mtls-connect", "--port", port, "--allow", a.ToString()], cancellationToken).ConfigureAwait(false);
        var accepted = await WithinDeadlineAsync(server.WaitForLineAsync("accepted ", cancellationToken)).ConfigureAwait(false);
        Record("uid 1001 ↔ uid 1002: mutual TLS", "connected", client.ExitCode == 0 && accepted == "accepted " + b,
            $"server saw {accepted?["accepted ".Length..] ?? "nothing"}; client: {Last(client.Lines)}", null);

        await using var denied = await RunAsync(UidUnregistered, ["fetch"], cancellationToken).ConfigureAwait(false);
        var permissionDenied = denied.ExitCode == 1 && denied.Lines.Any(l => l.Contains("PermissionDenied", StringComparison.Ordinal));
        Record("DENY unregistered uid 1003 asks the agent for an SVID", "refused", permissionDenied, Last(denied.Lines), "PermissionDenied: no entry matches");

        await using var intruder = await RunAsync(
            UidUnregistered, ["mtls-connect", "--port", port, "--allow", a.ToString(), "--trust-bundle", bundle], cancellationToken).ConfigureAwait(false);
        var refused = await WithinDeadlineAsync(server.WaitForLineAsync("refused: ", cancellationToken)).ConfigureAwait(false);
        Record("DENY uid 1003 connects to uid 1001 without an SVID", "refused", intruder.ExitCode != 0 && refused is not null,
            refused ?? Last(intruder.Lines), "no SVID");
    }

    // A line that does not come within the deadline is a failed step (null), never an exception out of the demo.
    private async Task<string?> WithinDeadlineAsync(Task<string?> line)
    {
        try
        {
            return await line.WaitAsync(_readyDeadline).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    // The agent is ready for workloads once it holds an SVID for every entry it synced.
    private async Task<bool> WaitUntilServingAsync(IServiceProvider services, int entries, CancellationToken cancellationToken)
    {
        var cache = services.GetRequiredService<IWorkloadIdentityCache>();
        var deadline = DateTime.UtcNow + _readyDeadline;
        while (DateTime.UtcNow < deadline)
        {
            var identities = cache.Current.Identities;
            if (identities.Count >= entries && identities.All(i => i.X509Svid is not null))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private Task<WorkloadProcess> RunAsync(int uid, string[] arguments, CancellationToken cancellationToken) =>
        WorkloadProcess.RunAsync(_program, uid, _socket, arguments, cancellationToken);

    private void Record(string name, string expected, bool passed, string detail, string? reason) =>
        onStep(new DemoStep(name, expected, passed, detail, reason));

    private static string? Value(IReadOnlyList<string> lines, string key) =>
        lines.FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal))?[key.Length..].Trim();

    private static string Last(IReadOnlyList<string> lines) => lines.Count == 0 ? "no output" : lines[^1];
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Cli.Demo;
using Bridge.Cli.Dev;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.ColdStart;

/// <summary>
/// Starts the published <c>bootstrap</c> again and again against a fresh one-event Runtime API and times process
/// start → first invocation answered, as Lambda's init + first invoke. The service is configured like the AOT replay
/// tests: environment variables only, in-memory keys, a registration file, and a loopback STS-shaped issuer (whose
/// discovery and JWKS the first exchange fetches, over loopback HTTP).
/// </summary>
internal sealed class ColdStartRunner(TimeProvider time)
{
    public const string Account = "123456789012";
    public const string Role = "coldstart-workload";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The first invocations measured: a discovery read and a JWT-SVID exchange.</summary>
    public static IReadOnlyList<(string Scenario, string EventFile)> Scenarios { get; } =
    [
        ("JWKS (GET /keys)", "discovery-jwks.json"),
        ("JWT-SVID exchange (POST /token)", "token-jwt-svid.json"),
    ];

    /// <summary>Times <paramref name="runs"/> starts per scenario; <paramref name="extraEnvironment"/> adds or replaces variables (runtime knobs such as <c>DOTNET_gcServer</c>).</summary>
    public async Task<IReadOnlyList<ColdStartResult>> RunAsync(
        string bootstrap,
        string eventsDirectory,
        int runs,
        IReadOnlyDictionary<string, string> extraEnvironment,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extraEnvironment);
        await using var sts = await LocalStsIssuer.StartAsync(time, cancellationToken).ConfigureAwait(false);
        var state = Directory.CreateTempSubdirectory("bridge-coldstart-");
        try
        {
            var entries = Path.Combine(state.FullName, "entries.json");
            RegistrationEntryFile.Write(entries, [Entry()]);
            var environment = Environment(sts.Issuer, entries, state.FullName);
            foreach (var (name, value) in extraEnvironment)
            {
                environment[name] = value;
            }

            var events = Scenarios.Select(s => File.ReadAllText(Path.Combine(eventsDirectory, s.EventFile))).ToList();

            // One unmeasured start per scenario first: the binary into the page cache, this tool's fake JIT-compiled.
            for (var s = 0; s < Scenarios.Count; s++)
            {
                await RunOnceAsync(bootstrap, Fill(events[s], sts), environment, cancellationToken).ConfigureAwait(false);
            }

            var samples = Scenarios.Select(_ => new List<ColdStartSample>()).ToList();
            for (var run = 1; run <= runs; run++)
            {
                // Scenarios interleaved, so a burst of noise on a shared machine hits both alike.
                for (var s = 0; s < Scenarios.Count; s++)
                {
                    samples[s].Add(await RunOnceAsync(bootstrap, Fill(events[s], sts), environment, cancellationToken).ConfigureAwait(false));
                }

                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"run {run}/{runs}"));
            }

            return [.. Scenarios.Select((s, i) => new ColdStartResult(s.Scenario, s.EventFile, samples[i]))];
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private async Task<ColdStartSample> RunOnceAsync(
        string bootstrap, string eventJson, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        await using var runtime = await ColdStartRuntimeApi.StartAsync(eventJson, time, cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo(bootstrap)
        {
            // Lambda runs the bootstrap in /var/task, next to the appsettings.json the package holds.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(bootstrap))!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtime.RuntimeApi;
        var output = new BoundedLog();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);

        var started = time.GetTimestamp();
        process.Start();
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RunTimeout);
            var exited = process.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(runtime.Answer, exited).ConfigureAwait(false) != runtime.Answer)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new InvalidOperationException(
                    $"{bootstrap} did not answer its first invocation ({(process.HasExited ? "exit code " + process.ExitCode : "timed out")}). Output:\n{output}");
            }

            var peak = PeakResidentBytes(process.Id) ?? 0;
            var cpu = CpuTime(process.Id);
            var answer = await runtime.Answer.ConfigureAwait(false);
            var status = answer.IsError ? 0 : StatusCode(answer.Body);
            if (status != 200)
            {
                throw new InvalidOperationException(
                    $"{bootstrap} answered its first invocation with {(answer.IsError ? "an invocation error" : "status " + status)}. Output:\n{output}");
            }

            var ready = await runtime.FirstPoll.ConfigureAwait(false);
            return new ColdStartSample(time.GetElapsedTime(started, ready), time.GetElapsedTime(started, answer.Timestamp), cpu, peak);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    // File keys and state, written by the unmeasured first start: every measured start finds its key and CA already
    // minted, as every Lambda instance but the very first does (there the state is in DynamoDB and keys in KMS).
    private static Dictionary<string, string> Environment(string stsIssuer, string entriesFile, string stateDirectory)
    {
        var environment = LocalStsIssuerSettings.For(stsIssuer, DemoExchangeHost.BridgeAudience, Account)
            .ToDictionary(s => LocalStsIssuerSettings.AsEnvironmentName(s.Key), s => s.Value, StringComparer.Ordinal);
        foreach (var (name, value) in ServiceEnvironment(entriesFile, stateDirectory))
        {
            environment[name] = value;
        }

        return environment;
    }

    private static Dictionary<string, string> ServiceEnvironment(string entriesFile, string stateDirectory) => new(StringComparer.Ordinal)
    {
        ["Bridge__Authority__TrustDomain"] = DemoExchangeHost.TrustDomain,
        ["Bridge__Authority__Issuer"] = "https://bridge.example.org",
        ["Bridge__Backends__Keys"] = "File",
        ["Bridge__Backends__KeysDirectory"] = Path.Combine(stateDirectory, "keys"),
        ["Bridge__Backends__State"] = "File",
        ["Bridge__Backends__StateDirectory"] = Path.Combine(stateDirectory, "state"),
        ["Bridge__Backends__Registration"] = "File",
        ["Bridge__Backends__RegistrationFile"] = entriesFile,
        ["Bridge__Backends__RootCertificateFile"] = string.Empty,
    };

    private static RegistrationEntry Entry()
    {
        var trustDomain = TrustDomain.Parse(DemoExchangeHost.TrustDomain);
        return new RegistrationEntry
        {
            Id = "coldstart",
            SpiffeId = $"spiffe://{DemoExchangeHost.TrustDomain}/aws/{Account}/role/{Role}",
            ParentId = BridgeIds.AttestorParent(trustDomain, DemoExchangeHost.AttestorName),
            Selectors = [new Selector("aws", "account:" + Account), new Selector("aws", "role:" + Role)],
            Audiences = ["ledger"],
            DnsNames = [],
        };
    }

    // The events/ files hold {{subject_token}} in a form-encoded body (events/README.md).
    private static string Fill(string eventJson, LocalStsIssuer sts)
    {
        var root = JsonNode.Parse(eventJson)!.AsObject();
        if (root["body"]?.GetValue<string>() is { } body && body.Contains("{{", StringComparison.Ordinal))
        {
            var token = sts.MintRoleToken(Account, Role, DemoExchangeHost.BridgeAudience, TimeSpan.FromMinutes(5));
            root["body"] = body.Replace("{{subject_token}}", Uri.EscapeDataString(token), StringComparison.Ordinal);
        }

        return root.ToJsonString();
    }

    private static int StatusCode(string responseJson)
    {
        using var document = JsonDocument.Parse(responseJson);
        return document.RootElement.TryGetProperty("statusCode", out var status) ? status.GetInt32() : 0;
    }

    /// <summary>
    /// The run time of the process's live threads (<c>/proc/&lt;pid&gt;/task/*/schedstat</c>, first field, nanoseconds), or
    /// zero off Linux. Threads that already ended are not counted; the runtime's start-up threads live on.
    /// </summary>
    internal static TimeSpan CpuTime(int processId)
    {
        long nanoseconds = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/task"))
            {
                try
                {
                    var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    nanoseconds += long.Parse(fields[0], CultureInfo.InvariantCulture);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // The thread ended while being read.
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    /// <summary>Peak resident set size (<c>VmHWM</c> of <c>/proc/&lt;pid&gt;/status</c>), or null off Linux.</summary>
    internal static long? PeakResidentBytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    private sealed class BoundedLog
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 40)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }
}

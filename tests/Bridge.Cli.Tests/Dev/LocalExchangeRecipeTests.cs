using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bridge.Cli.Commands;
using Bridge.Cli.Dev;
using Bridge.Cli.Tests.Entries;
using Bridge.ExchangeFunction.Hosting;
using Bridge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Bridge.Cli.Tests.Dev;

/// <summary>
/// Runs the documented local exchange (README and docs/token-exchange.md, the block after <c>&lt;!-- recipe:
/// local-exchange</c>) command by command, as written: the <c>dotnet run</c> lines in process (the dev issuer, the entry,
/// the service with the pasted settings and its real <c>appsettings.json</c>), every other line (curl, openssl) through
/// bash. Only the ports (5090, 5080) and the state folder differ, so that the test runs beside a developer's service.
/// </summary>
public sealed class LocalExchangeRecipeTests : IAsyncDisposable
{
    private const string ExpectedSpiffeId = "spiffe://example.org/aws/111122223333/role/payments";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("bridge-recipe-");
    private LocalStsIssuer? _issuerHost;
    private WebApplication? _serviceHost;
    private string? _issuer;
    private string? _service;

    [Theory]
    [InlineData("docs/token-exchange.md")]
    [InlineData("README.md")]
    public async Task Recipe_AsWritten_IssuesSvidsForTheRegisteredRole(string document)
    {
        var commands = ShellRecipe.Read(await File.ReadAllTextAsync(RepositoryRoot.Combine(document.Split('/')), TestContext.Current.CancellationToken), "local-exchange");
        var exchanges = new List<(string Command, string Response)>();

        foreach (var command in commands)
        {
            var words = ShellRecipe.Words(command);
            if (words is ["dotnet", "run", "--project", "src/Cli", "--", "dev", "issuer"])
            {
                await StartIssuerAsync(document);
            }
            else if (words is ["dotnet", "run", "--project", "src/Cli", "--", "entry", .. var entryArguments])
            {
                var (exit, output) = await EntryCli.RunAsync(new Dictionary<string, string?>(), null, [.. entryArguments, "--file", EntriesFile]);
                Assert.True(exit == 0, output);
            }
            else if (words is ["dotnet", "run", "--project", "src/ExchangeFunction", "--", .. var settings])
            {
                await StartServiceAsync(settings);
            }
            else
            {
                Assert.False(words[0] == "dotnet", "the recipe test does not know this dotnet command: " + command);
                var result = await ExternalTool.RunAsync("bash", _work.FullName, ["-c", Localize(command)], TestContext.Current.CancellationToken);
                Assert.True(result.ExitCode == 0, $"{command}\n{result.Output}");
                if (command.Contains("/token", StringComparison.Ordinal))
                {
                    exchanges.Add((command, result.StandardOutput));
                }
            }
        }

        Assert.NotEmpty(exchanges);
        foreach (var (command, response) in exchanges)
        {
            AssertIssued(command, response);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_serviceHost is not null)
        {
            await _serviceHost.StopAsync();
            await _serviceHost.DisposeAsync();
        }

        if (_issuerHost is not null)
        {
            await _issuerHost.DisposeAsync();
        }

        _work.Delete(recursive: true);
    }

    private string EntriesFile => Path.Combine(_work.FullName, "entries.json");

    /// <summary>The dev issuer as <c>bridge dev issuer</c> starts it; the settings the document pastes must be what it prints.</summary>
    private async Task StartIssuerAsync(string document)
    {
        var output = new StringWriter();
        _issuerHost = await DevCommand.StartIssuerAsync(
            new DevCommand.IssuerArguments(0, LocalStsIssuerSettings.DemoAccount, LocalStsIssuerSettings.DefaultAudience), output, TimeProvider.System, TestContext.Current.CancellationToken);
        _issuer = _issuerHost.Issuer;

        var printed = output.ToString();
        var documented = (await File.ReadAllTextAsync(RepositoryRoot.Combine(document.Split('/')), TestContext.Current.CancellationToken)).Split('\n')
            .Select(l => l.Trim().TrimEnd('\\'))
            .Where(l => l.StartsWith("--Bridge:Attestors:", StringComparison.Ordinal) || l.StartsWith("export Bridge__Attestors__", StringComparison.Ordinal))
            .Select(l => string.Join(' ', ShellRecipe.Words(l)));
        foreach (var line in documented)
        {
            Assert.Contains(Localize(line), printed, StringComparison.Ordinal);
        }
    }

    private async Task StartServiceAsync(IReadOnlyList<string> documentedSettings)
    {
        Assert.NotNull(_issuer);
        _service = $"http://127.0.0.1:{FreeLoopbackPort()}";

        // Test-only: a free port, and the state in the test's folder instead of the checkout's .bridge/.
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = _service,
            ["Bridge:Authority:Issuer"] = _service,
            ["Bridge:Backends:KeysDirectory"] = Path.Combine(_work.FullName, "keys"),
            ["Bridge:Backends:StateDirectory"] = Path.Combine(_work.FullName, "state"),
            ["Bridge:Backends:RegistrationFile"] = EntriesFile,
            ["Bridge:Backends:RootCertificateFile"] = Path.Combine(_work.FullName, "root.pem"),
        };
        string[] arguments = [.. documentedSettings.Select(Localize)];
        _serviceHost = ExchangeApplication.Create(arguments, builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddJsonFile(RepositoryRoot.Combine("src", "ExchangeFunction", "appsettings.json"));
            builder.Configuration.AddCommandLine(arguments);
            builder.Configuration.AddInMemoryCollection(overrides);
            builder.Logging.ClearProviders();
        });
        await _serviceHost.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The document's addresses (dev issuer 127.0.0.1:5090, service 127.0.0.1:5080) replaced by this test's.</summary>
    private string Localize(string text)
    {
        var localized = _issuer is null ? text : text.Replace("http://127.0.0.1:" + DevCommand.DefaultPort, _issuer, StringComparison.Ordinal);
        return _service is null ? localized : localized.Replace("http://127.0.0.1:5080", _service, StringComparison.Ordinal);
    }

    private void AssertIssued(string command, string response)
    {
        using var json = JsonDocument.Parse(response);
        var body = json.RootElement;
        Assert.True(body.TryGetProperty("spiffe_id", out var spiffeId), $"{command}\n{response}");
        Assert.Equal(ExpectedSpiffeId, spiffeId.GetString());
        if (!command.Contains("csr@", StringComparison.Ordinal))
        {
            Assert.Equal("urn:ietf:params:oauth:token-type:jwt", body.GetProperty("issued_token_type").GetString());
            return;
        }

        // The X.509-SVID carries the public key of the key openssl made in the recipe: only the CSR left the "workload".
        var leaf = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(body.GetProperty("x5c")[0].GetString()!));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(_work.FullName, "svid.key")));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(ExpectedSpiffeId, leaf.GetNameInfo(X509NameType.UrlName, false));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

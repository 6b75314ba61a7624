using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Bridge.Cli.Commands;
using Bridge.Cli.Demo;
using Bridge.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Cli.Tests.Commands;

/// <summary>
/// Runs <c>bridge demo --out</c> for real (loopback STS stand-in, the exchange service, mTLS) and checks what it wrote
/// with tools that share no code with Bridge: OpenSSL and IdentityModel.
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("bridge-demo-");

    [Fact]
    public async Task Demo_RunsEveryStepAndWritesArtifacts_VerifiableByIndependentTools()
    {
        var (console, output) = TestConsoles.Create();

        var exitCode = await DemoCommand.RunAsync(_out, verbose: false, console, TestContext.Current.CancellationToken);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        // The agent half runs its workloads under other uids: 9 more steps as root (CI), one skipped step otherwise.
        Assert.Contains(
            OperatingSystem.IsLinux() && WorkloadProcess.CanSwitchUsers ? "All 25 steps behaved as expected." : "All 16 steps behaved as expected. (1 skipped",
            text,
            StringComparison.Ordinal);
        Assert.DoesNotContain("NOT as expected", text, StringComparison.Ordinal);
        foreach (var denial in new[] { "DENY unregistered role", "DENY payments' subject token used a second time", "DENY a client without an SVID" })
        {
            Assert.Contains(denial, text, StringComparison.Ordinal);
        }

        // Each denial happened for the reason it demonstrates (the service's audit log, the TLS peer check).
        foreach (var reason in new[] { "│ not registered │", "│ replayed │", "│ no SVID │", "│ wrong SVID │" })
        {
            Assert.Contains(reason, Regex.Replace(text, " {2,}", " "), StringComparison.Ordinal);
        }

        AssertFilesWritten();
        await AssertX509SvidVerifiesWithOpenSslAsync();
        await AssertJwtSvidValidatesWithJwksAsync();
    }

    public void Dispose() => _out.Delete(recursive: true);

    private void AssertFilesWritten()
    {
        string[] expected = ["jwt-svid.jwt", "x509-svid.pem", "x509-svid.key.pem", "bundle.pem", "bundle.spiffe.json", "openid-configuration.json", "jwks.json"];
        Assert.Equal(expected.Order(), _out.GetFiles().Select(f => f.Name).Order());
        if (!OperatingSystem.IsWindows())
        {
            var keyMode = File.GetUnixFileMode(Path.Combine(_out.FullName, "x509-svid.key.pem"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, keyMode);
        }
    }

    private async Task AssertX509SvidVerifiesWithOpenSslAsync()
    {
        var svid = Path.Combine(_out.FullName, "x509-svid.pem");
        var verify = await ExternalTool.RunAsync(
            "openssl", null, ["verify", "-CAfile", Path.Combine(_out.FullName, "bundle.pem"), "-untrusted", svid, svid], TestContext.Current.CancellationToken);
        Assert.True(verify.ExitCode == 0, verify.Output);

        // The key written belongs to the leaf: the private key never left the demo "workload".
        var leaf = X509Certificate2.CreateFromPemFile(svid, Path.Combine(_out.FullName, "x509-svid.key.pem"));
        Assert.True(leaf.HasPrivateKey);
        Assert.StartsWith("spiffe://example.org/aws/111122223333/role/payments", leaf.GetNameInfo(X509NameType.UrlName, false), StringComparison.Ordinal);
    }

    private async Task AssertJwtSvidValidatesWithJwksAsync()
    {
        var token = (await File.ReadAllTextAsync(Path.Combine(_out.FullName, "jwt-svid.jwt"))).Trim();
        var jwks = new JsonWebKeySet(await File.ReadAllTextAsync(Path.Combine(_out.FullName, "jwks.json")));
        var issuer = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out.FullName, "openid-configuration.json")))
            .RootElement.GetProperty("issuer").GetString();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = "ledger",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
        });

        Assert.True(result.IsValid, result.Exception?.Message);
    }
}

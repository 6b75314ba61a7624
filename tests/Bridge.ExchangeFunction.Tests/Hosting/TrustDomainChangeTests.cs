using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Hosting.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>State minted for one trust domain is not served under another: the start fails naming both.</summary>
public sealed class TrustDomainChangeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bridge-td-");

    [Fact]
    public async Task Start_TrustDomainChangedOverExistingState_Fails()
    {
        var first = Create("example.org");
        await first.StartAsync(TestContext.Current.CancellationToken);
        await first.StopAsync(TestContext.Current.CancellationToken);
        await first.DisposeAsync();

        var second = Create("prod.example.com");
        var error = await Assert.ThrowsAsync<StartupFailedException>(() => second.StartAsync(TestContext.Current.CancellationToken));
        await second.DisposeAsync();

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith(
            $"Bridge:Authority:TrustDomain: is 'prod.example.com', but the CA in files in {Path.Combine(_dir.FullName, "state")} was minted for 'example.org'.",
            problem,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SameTrustDomainOverExistingState_Starts()
    {
        // The control case: a restart with the same settings reuses the state.
        for (var run = 0; run < 2; run++)
        {
            var app = Create("example.org");
            await app.StartAsync(TestContext.Current.CancellationToken);
            await app.StopAsync(TestContext.Current.CancellationToken);
            await app.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private WebApplication Create(string trustDomain) => ExchangeApplication.Create([], builder =>
    {
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Bridge:Authority:TrustDomain"] = trustDomain,
            ["Bridge:Authority:Issuer"] = "https://bridge.example.org",
            ["Bridge:Backends:KeysDirectory"] = Path.Combine(_dir.FullName, "keys"),
            ["Bridge:Backends:StateDirectory"] = Path.Combine(_dir.FullName, "state"),
            ["Bridge:Backends:RegistrationFile"] = Path.Combine(_dir.FullName, "entries.json"),
            ["Bridge:Backends:RootCertificateFile"] = string.Empty,
        });
        builder.Logging.ClearProviders();
    });
}

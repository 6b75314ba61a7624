using Bridge.ExchangeFunction.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Cli.Authority;

/// <summary>
/// The service's own composition (backends, rotators, options validation), built without starting the service, so
/// that <c>bridge ca</c> acts on exactly the keys and state the deployed service uses. Settings come from the
/// environment (<c>Bridge__...</c>) and the command line (<c>--Bridge:Backends:State=DynamoDb</c>), over the local
/// defaults the service ships with.
/// </summary>
internal sealed class AuthorityServices : IAsyncDisposable
{
    // The embedded defaults of src/ExchangeFunction/appsettings.json that a run outside that folder would miss.
    private static readonly Dictionary<string, string?> LocalDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bridge:Authority:TrustDomain"] = "example.org",
        ["Bridge:Authority:Issuer"] = "http://127.0.0.1:5080",
    };

    private readonly WebApplication _app;

    private AuthorityServices(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the composition; invalid settings throw <see cref="Bridge.ExchangeFunction.Hosting.Startup.StartupFailedException"/> listing every problem.</summary>
    public static AuthorityServices Create(string[] configurationArguments) =>
        new(ExchangeApplication.Create(configurationArguments, builder =>
        {
            // Lowest precedence: every other source (environment, command line) overrides the local defaults.
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LocalDefaults });
            builder.Logging.ClearProviders();
        }));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

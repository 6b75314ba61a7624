using System.Security.Cryptography;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.Oidc;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.LambdaHosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Bridge.Testing.Lambda;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>
/// The real exchange application (<see cref="ExchangeApplication.Create"/>) served by the Lambda hosting loop from a
/// <see cref="FakeLambdaRuntimeApi"/> on loopback, with the in-memory backends, fake STS issuer and clock of
/// <see cref="BridgeFactory"/> (whose own test server is never started). One workload is registered.
/// </summary>
public class LambdaExchangeHost : IAsyncLifetime, ISampleEventHost
{
    /// <summary>The registered workload's role; <c>{{subject_token}}</c> is an STS token for it.</summary>
    public const string Role = "events-workload";

    /// <summary>A role with no registration entry; <c>{{unregistered_subject_token}}</c> is an STS token for it.</summary>
    public const string UnregisteredRole = "events-unregistered";

    /// <summary>The registered workload's SPIFFE ID.</summary>
    public const string SpiffeId = "spiffe://example.org/aws/123456789012/role/" + Role;

    private WebApplication? _app;

    /// <summary>Settings, issuer, token factory and clock of the service.</summary>
    public BridgeFactory Factory { get; } = new();

    /// <summary>The fake Runtime API the service polls.</summary>
    public FakeLambdaRuntimeApi Runtime { get; private set; } = null!;

    /// <inheritdoc/>
    public ECDsa? LastCsrKey { get; private set; }

    /// <inheritdoc/>
    public DateTimeOffset Now => Factory.Time.GetUtcNow();

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        Runtime = await FakeLambdaRuntimeApi.StartAsync();
        var settings = Factory.Settings();
        ConfigureSettings(settings);
        _app = ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(Factory.Time);

            // The Runtime API address comes from here, not from the process environment; the application's own
            // AddLambdaHosting call then finds no AWS_LAMBDA_RUNTIME_API and adds nothing.
            builder.Services.AddLambdaHosting(options => options.RuntimeApi = Runtime.RuntimeApi);

            // Post-configured so that it wins over the attestor's own primary handler, registered later.
            builder.Services.PostConfigure<HttpClientFactoryOptions>(
                OidcJwtAttestor.HttpClientName,
                options => options.HttpMessageHandlerBuilderActions.Add(handler => handler.PrimaryHandler = Factory.Oidc));
            ConfigureServices(builder.Services);
        });
        var registrations = _app.Services.GetRequiredService<IRegistrationStore>();
        var result = await registrations.CreateAsync(
            new RegistrationEntry
            {
                Id = "events-workload",
                SpiffeId = SpiffeId,
                ParentId = BridgeIds.AttestorParent(BridgeFactory.TrustDomain, BridgeFactory.AttestorName),
                Selectors = [new Selector("aws", "account:" + BridgeFactory.Account), new Selector("aws", "role:" + Role)],
                Audiences = ["ledger"],
                DnsNames = [],
            },
            CancellationToken.None);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        await _app.StartAsync();
    }

    /// <inheritdoc/>
    public async Task<LambdaHttpResponse> InvokeAsync(SampleEvent sampleEvent)
    {
        ArgumentNullException.ThrowIfNull(sampleEvent);
        var requestId = Runtime.Enqueue(sampleEvent.Fill(Placeholder));
        return LambdaHttpResponse.Parse(await Runtime.WaitForResultAsync(requestId, TestContext.Current.CancellationToken));
    }

    /// <inheritdoc/>
    public Task<LambdaHttpResponse> InvokeAsync(string name) => InvokeAsync(SampleEvent.Load(name));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Runtime is not null)
        {
            await Runtime.DisposeAsync();
        }

        LastCsrKey?.Dispose();
        Factory.Dispose();
    }

    /// <summary>Lets a derived host change the settings the service starts with.</summary>
    protected virtual void ConfigureSettings(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Lets a derived host replace services after the application's own composition.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private string Placeholder(string name)
    {
        switch (name)
        {
            case "subject_token":
                return Factory.StsToken(Role);
            case "unregistered_subject_token":
                return Factory.StsToken(UnregisteredRole);
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

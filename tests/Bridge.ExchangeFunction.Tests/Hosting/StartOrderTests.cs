using System.Net;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>
/// Under Kestrel the address is bound before the keys and CA are loaded (a port in use stops the start before anything
/// is minted); requests that arrive meanwhile wait for them, while the health endpoints answer at once.
/// </summary>
public sealed class StartOrderTests
{
    [Fact]
    public async Task Start_Kestrel_ListensBeforeLoadingKeys_AndHoldsRequestsUntilLoaded()
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = new GatedKeyManager(new InMemoryKeyManager());
        using var factory = new BridgeFactory();
        var settings = factory.Settings();
        settings["Urls"] = "http://127.0.0.1:0";
        var app = ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IKeyManager>(keys);
        });
        await using var _ = app;

        var start = app.StartAsync(ct);
        await keys.FirstCall.WaitAsync(ct);

        // Loading has begun and is held: the address is already bound and served.
        var address = Assert.Single(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses);
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var starting = await client.GetAsync("/health/ready", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        var jwks = client.GetAsync("/keys", ct);

        keys.Release();
        await start;

        using var served = await jwks;
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        using var ready = await client.GetAsync("/health/ready", ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>Holds every call until <see cref="Release"/>, and says when the first one arrives.</summary>
    private sealed class GatedKeyManager(IKeyManager inner) : IKeyManager
    {
        private readonly TaskCompletionSource _firstCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstCall => _firstCall.Task;

        public void Release() => _gate.TrySetResult();

        public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken)
        {
            await WaitAsync(cancellationToken);
            return await inner.GenerateKeyAsync(keyId, keyType, cancellationToken);
        }

        public async Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
        {
            await WaitAsync(cancellationToken);
            return await inner.GetKeyAsync(keyId, cancellationToken);
        }

        public async Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken)
        {
            await WaitAsync(cancellationToken);
            return await inner.GetKeysAsync(cancellationToken);
        }

        public async Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken)
        {
            await WaitAsync(cancellationToken);
            return await inner.DeleteKeyAsync(keyId, cancellationToken);
        }

        private Task WaitAsync(CancellationToken cancellationToken)
        {
            _firstCall.TrySetResult();
            return _gate.Task.WaitAsync(cancellationToken);
        }
    }
}

using System.Net;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Local.Registration;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Id;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Bridge.Testing.Registration;

namespace Bridge.ExchangeFunction.Tests.Policy;

/// <summary>
/// Only an outage of a store is a retryable 503; any other exception from it is a bug: a generic 500 logged as an
/// error. Neither spends the caller's token.
/// </summary>
public sealed class StoreFaultTests(StoreFaultTests.FaultFactory factory) : IClassFixture<StoreFaultTests.FaultFactory>
{
    private const string ServerErrorDescription = "The server encountered an unexpected condition.";

    [Fact]
    public async Task Token_StoreBug_IsServerErrorLoggedAsError()
    {
        await factory.RegisterAsync("Buggy");
        var token = factory.StsToken("Buggy");
        factory.Store.Fault = new InvalidOperationException("store bug");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        var body = await OAuthAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "server_error", ServerErrorDescription);
        Assert.DoesNotContain("store bug", body, StringComparison.Ordinal);
        Assert.Null(response.Headers.RetryAfter);
        Assert.Contains(factory.Logs.Logs, l => l.Level == LogLevel.Error && l.Exception?.Contains("store bug", StringComparison.Ordinal) == true);

        factory.Store.Fault = null;
        using var fixedStore = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        await OAuthAssert.SuccessAsync(fixedStore);
    }

    [Fact]
    public async Task Token_StoreOutage_IsTemporarilyUnavailableWithRetryAfter()
    {
        await factory.RegisterAsync("Outage");
        var token = factory.StsToken("Outage");
        factory.Store.Fault = new DependencyUnavailableException("store down");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", ErrorDescriptions.Unavailable);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);

        factory.Store.Fault = null;
        using var recovered = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        await OAuthAssert.SuccessAsync(recovered);
    }

    /// <summary>A service whose registration store throws what the test sets, with its logs captured.</summary>
    public sealed class FaultFactory : BridgeFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();

        public FaultyStore Store { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
            builder.ConfigureTestServices(services => services.AddSingleton<IRegistrationStore>(Store));
        }
    }

    /// <summary>An in-memory store whose lookups throw <see cref="Fault"/> while it is set.</summary>
    public sealed class FaultyStore : DelegatingRegistrationStore
    {

        public Exception? Fault { get; set; }

        public override ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
            SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken) =>
            Fault is { } fault ? throw fault : base.FindMatchingAsync(parentId, selectors, cancellationToken);

        public override ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken) =>
            Fault is { } fault ? throw fault : base.FindByParentAsync(parentId, cancellationToken);
    }
}

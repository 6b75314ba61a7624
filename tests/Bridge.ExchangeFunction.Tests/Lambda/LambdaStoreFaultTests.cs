using Bridge.Abstractions;
using Bridge.Abstractions.Registration;
using Bridge.ExchangeFunction.Tests.Policy;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>
/// The Lambda hosting loop answers a store bug as the HTTP edge does: a generic RFC 6749 500, never the exception
/// text; an outage is a 503 with <c>Retry-After</c>.
/// </summary>
public sealed class LambdaStoreFaultTests(LambdaStoreFaultTests.FaultyStoreHost host) : IClassFixture<LambdaStoreFaultTests.FaultyStoreHost>
{
    [Fact]
    public async Task Invoke_StoreBug_IsGenericServerError()
    {
        host.Store.Fault = new InvalidOperationException("store bug");

        var response = await host.InvokeAsync("token-jwt-svid");

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("server_error", response.Json().GetProperty("error").GetString());
        Assert.Equal("The server encountered an unexpected condition.", response.Json().GetProperty("error_description").GetString());
        Assert.Contains("no-store", response.Headers["Cache-Control"], StringComparison.Ordinal);
        Assert.DoesNotContain("store bug", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_StoreOutage_IsTemporarilyUnavailable()
    {
        host.Store.Fault = new DependencyUnavailableException("store down");

        var response = await host.InvokeAsync("token-jwt-svid");

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("temporarily_unavailable", response.Json().GetProperty("error").GetString());
        Assert.Equal(ErrorDescriptions.Unavailable, response.Json().GetProperty("error_description").GetString());
        Assert.Equal("2", response.Headers["Retry-After"]);
    }

    /// <summary>The Lambda host over a registration store whose lookups throw what the test sets.</summary>
    public sealed class FaultyStoreHost : LambdaExchangeHost
    {
        public StoreFaultTests.FaultyStore Store { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IRegistrationStore>(Store);
    }
}

using Bridge.LambdaHosting.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.LambdaHosting.Tests;

public sealed class LambdaHostingServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddLambdaHosting_NoRuntimeApi_KeepsKestrel()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddLambdaHostingCore(new LambdaHostingOptions());
        await using var app = builder.Build();

        Assert.IsNotType<LambdaServer>(app.Services.GetRequiredService<IServer>());
        Assert.Null(app.Services.GetService<LambdaInitErrorGuard>());
    }

    [Fact]
    public async Task AddLambdaHosting_RuntimeApi_ReplacesServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddLambdaHostingCore(new LambdaHostingOptions { RuntimeApi = "127.0.0.1:9001" });
        await using var app = builder.Build();

        Assert.IsType<LambdaServer>(app.Services.GetRequiredService<IServer>());
        Assert.Single(builder.Services, descriptor => descriptor.ServiceType == typeof(IServer));
    }

    [Fact]
    public void AddLambdaHosting_InvalidOptions_ThrowsWithAllErrors()
    {
        var services = new ServiceCollection();

        var exception = Assert.Throws<OptionsValidationException>(() =>
            services.AddLambdaHostingCore(new LambdaHostingOptions { RuntimeApi = "127.0.0.1:9001/x", MaxConcurrency = 0 }));

        Assert.Equal(2, exception.Failures.Count());
    }
}

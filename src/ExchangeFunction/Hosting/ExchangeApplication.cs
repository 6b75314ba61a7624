using Bridge.ExchangeFunction.Endpoints;
using Bridge.ExchangeFunction.Protocol;
using Bridge.LambdaHosting;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>
/// Builds the exchange web application. <c>Program.cs</c>, the CLI's demo and the tests all start the service
/// through here, so they run the same composition.
/// </summary>
public static class ExchangeApplication
{
    /// <summary>Creates the application; <paramref name="configure"/> may replace configuration or services first.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddBridgeExchange(builder.Configuration);
        builder.Services.AddLambdaHosting();

        var app = builder.Build();

        // Check every options section together now: the host would construct the hosted services first, and the first
        // of them to read an invalid section would stop the start with that section's errors only.
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.UseExceptionHandler(errors => errors.Run(context =>
        {
            // Unexpected faults answer with a fixed body: no stack trace, no exception text, nothing echoed.
            var error = OAuthError.ServerError;
            context.Response.StatusCode = error.StatusCode;
            return TokenEndpoint.Error(error).ExecuteAsync(context);
        }));
        app.MapTokenEndpoint();
        app.MapDiscoveryEndpoints();
        app.MapHealthEndpoints();
        return app;
    }
}

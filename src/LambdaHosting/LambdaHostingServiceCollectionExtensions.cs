using System.Net;
using Bridge.LambdaHosting.Runtime;
using Bridge.LambdaHosting.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.LambdaHosting;

/// <summary>
/// The one seam of the Lambda hosting layer: replacing this call with the official adapter's registration (or removing
/// it) is all it takes to change how the application is hosted.
/// </summary>
public static class LambdaHostingServiceCollectionExtensions
{
    /// <summary>
    /// When <c>AWS_LAMBDA_RUNTIME_API</c> is set (or <paramref name="configure"/> sets <see cref="LambdaHostingOptions.RuntimeApi"/>),
    /// replaces the application's server with one that serves HTTP API payload 2.0 / Function URL invocations from the
    /// Lambda Runtime API, and reports a process-ending exception during init to <c>/runtime/init/error</c>. Otherwise
    /// changes nothing, so the same <c>Program.cs</c> runs under Kestrel locally.
    /// </summary>
    /// <remarks>Call after the web host's defaults are in place (for example on <c>WebApplicationBuilder.Services</c>).</remarks>
    public static IServiceCollection AddLambdaHosting(this IServiceCollection services, Action<LambdaHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = LambdaHostingOptions.FromEnvironment(Environment.GetEnvironmentVariable);
        configure?.Invoke(options);
        return services.AddLambdaHostingCore(options);
    }

    /// <summary>The registration itself, from options already read (and changed by the configure callback).</summary>
    internal static IServiceCollection AddLambdaHostingCore(this IServiceCollection services, LambdaHostingOptions options)
    {
        if (string.IsNullOrEmpty(options.RuntimeApi))
        {
            return services;
        }

        var validation = new LambdaHostingOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LambdaHostingOptions), validation.Failures);
        }

        // Built now, not by the container: the init-error hook must work even when building the container fails.
        var client = new LambdaRuntimeClient(CreateRuntimeApiHttpClient(), options.RuntimeApi);
        var guard = new LambdaInitErrorGuard(client);
        guard.Watch();

        services.AddSingleton(client);
        services.AddSingleton(guard);
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<IServer>();
        services.AddSingleton<IServer, LambdaServer>();
        return services;
    }

    /// <summary>
    /// Reports <paramref name="exception"/> as the Lambda init error when the application ends a failed start itself
    /// (having printed its own report) instead of letting the exception go unhandled. Does nothing outside Lambda,
    /// after init, or when no <see cref="AddLambdaHosting"/> call registered the hosting layer in <paramref name="services"/>.
    /// </summary>
    /// <returns>Whether the Runtime API accepted the report.</returns>
    public static bool ReportLambdaInitError(this IServiceCollection services, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(exception);

        // The guard is registered as an instance, so it is found even when building the container failed.
        return services.LastOrDefault(d => d.ServiceType == typeof(LambdaInitErrorGuard))?.ImplementationInstance is LambdaInitErrorGuard guard
            && guard.TryReport(exception);
    }

    private static HttpClient CreateRuntimeApiHttpClient()
    {
        // The Runtime API is local and plain HTTP: never via a proxy from HTTP_PROXY, and /next may wait indefinitely.
        var handler = new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}

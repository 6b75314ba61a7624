using Bridge.Authority;
using Bridge.ExchangeFunction.Endpoints;
using Bridge.ExchangeFunction.Endpoints.Agents;
using Bridge.ExchangeFunction.Hosting.Startup;
using Bridge.ExchangeFunction.Protocol;
using Bridge.LambdaHosting;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>
/// Builds the exchange web application. <c>Program.cs</c>, the CLI's demo and the tests all start the service
/// through here, so they run the same composition.
/// </summary>
public static class ExchangeApplication
{
    // Every section the composition binds, declared where it is bound. Taken from a composition over no settings, so
    // the check runs before the real composition reads any value (an attestor's Enabled flag) the binder would reject.
    private static readonly Lazy<SettingsSchema> Schema = new(() => SettingsSchema.From(new ServiceCollection().AddBridgeExchange(new ConfigurationManager())));

    /// <summary>
    /// Runs the service until it stops. A start that fails prints one list of problems to <paramref name="error"/>
    /// (no stack trace), reports it as the Lambda init error when running in Lambda, and returns a non-zero exit code:
    /// <see cref="StartupErrors.InvalidSettings"/> for settings, <see cref="StartupErrors.Failed"/> otherwise.
    /// </summary>
    public static int Run(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        IServiceCollection? services = null;
        string? urls = null;
        var started = false;
        try
        {
            var app = Create(args, builder => services = builder.Services);
            urls = app.Configuration["Urls"];
            // A fault after the start (while serving) is no settings problem: it keeps the runtime's full report.
            app.Lifetime.ApplicationStarted.Register(() => started = true);
            app.Run();
            return 0;
        }
        catch (Exception exception) when (!started)
        {
            var (exitCode, text) = StartupErrors.Describe(exception, urls, Schema.Value);
            error.Write(text);
            error.Flush();
            services?.ReportLambdaInitError(new StartupFailedException(text.TrimEnd()));
            return exitCode;
        }
    }

    /// <summary>
    /// Creates the application; <paramref name="configure"/> may replace configuration or services first. Every
    /// settings problem found before start is thrown at once as a <see cref="StartupFailedException"/>.
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot(args) });

        // The host's own "Hosting failed to start" error repeats, with a stack trace, what Run prints as one list.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        configure?.Invoke(builder);

        var schema = Schema.Value;
        var settings = SettingsCheck.Check(builder.Configuration, schema);
        if (settings.UnconvertibleKeys.Count > 0)
        {
            // Hidden from the binder, which would throw on the first of them: the validators then check the rest.
            builder.Configuration.Sources.Add(new MemoryConfigurationSource
            {
                InitialData = settings.UnconvertibleKeys.Select(key => new KeyValuePair<string, string?>(key, null)),
            });
        }

        builder.Services.AddBridgeExchange(builder.Configuration);
        builder.Services.AddLambdaHosting();

        var app = builder.Build();

        // Check every options section together now: the host would construct the hosted services first, and the first
        // of them to read an invalid section would stop the start with that section's errors only.
        var problems = new List<string>(settings.Problems);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception exception) when (StartupErrors.FromValidation(exception, schema) is { } failures)
        {
            problems.AddRange(failures);
        }

        if (problems.Count > 0)
        {
            throw new StartupFailedException([.. problems.Distinct(StringComparer.Ordinal)]);
        }

        var initializer = app.Services.GetRequiredService<AuthorityInitializer>();
        StartupWarnings.Log(
            app.Configuration,
            app.Services.GetRequiredService<IOptions<AuthorityOptions>>().Value,
            initializer.ListensOnSockets,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExchangeApplication).FullName!));

        app.UseExceptionHandler(errors => errors.Run(context =>
        {
            // Unexpected faults answer with a fixed body: no stack trace, no exception text, nothing echoed.
            var error = OAuthError.ServerError;
            context.Response.StatusCode = error.StatusCode;
            return TokenEndpoint.Error(error).ExecuteAsync(context);
        }));

        // Kestrel accepts connections before the keys and CA are loaded (AuthorityInitializer): hold requests until
        // then. The health endpoints answer at once, so /health/ready can say "starting".
        app.Use((context, next) => initializer.IsReady || context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
            ? next(context)
            : WaitThenAsync(initializer.WhenReady, context, next));
        app.UseUnroutedRequestAudit();
        app.MapTokenEndpoint();
        app.MapDiscoveryEndpoints();
        app.MapHealthEndpoints();
        app.MapAgentApi();
        return app;
    }

    private static async Task WaitThenAsync(Task ready, HttpContext context, RequestDelegate next)
    {
        await ready.WaitAsync(context.RequestAborted);
        await next(context);
    }

    // appsettings.json ships next to the binary (in Lambda, /var/task is both), while the working directory anchors the
    // relative .bridge/ paths (LocalStatePaths). An explicit content root (--contentRoot, as test hosts pass) still wins.
    private static string? ContentRoot(string[] args) =>
        args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            ? null
            : AppContext.BaseDirectory;
}

using Bridge.Agent.Cache;
using Bridge.Agent.Node;
using Bridge.Agent.WorkloadApi;
using Bridge.Agent.Workloads;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Hosting;

/// <summary>
/// The agent's one composition root. Each part registers itself through its own extension method (node attestation,
/// workload attestors, the identity cache with its health endpoint, the Workload API); tests, the lab and
/// <c>bridge demo</c> build the same application and may replace services through <c>configure</c>.
/// </summary>
public static class AgentApplication
{
    /// <summary>The settings subsections the parts own; anything else under <see cref="AgentOptions.SectionName"/> is refused.</summary>
    internal static readonly string[] Subsections = ["NodeAttestor", "WorkloadAttestors", "Cache", "Health", "WorkloadApi"];

    /// <summary>Builds the agent without starting it.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--BridgeAgent:ServerUrl=…</c>).</param>
    /// <param name="configure">Changes made after the defaults and before the build (tests replace clocks and endpoints here).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,

            // appsettings.json is read from next to the binary, wherever the agent is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });

        var configuration = builder.Configuration;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();

        builder.Services.AddAgentNodeAttestation(configuration);
        builder.Services.AddWorkloadAttestors(configuration);
        builder.Services.AddWorkloadIdentityCache(configuration);
        builder.Services.AddWorkloadApi(configuration);

        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapAgentHealth();
        app.MapWorkloadApi();
        return app;
    }

    /// <summary>Builds, checks the settings (every problem at once), starts and runs the agent until it is stopped.</summary>
    /// <returns>0 after a clean stop; <see cref="AgentStartupErrors.InvalidSettings"/> or <see cref="AgentStartupErrors.Failed"/> when it could not start.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter error, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        WebApplication app;
        try
        {
            app = Build(args, configure);
            AgentStartupErrors.ThrowIfInvalidSettings(app.Configuration, app.Services);
            await app.StartAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever stopped the start is reported as one list of problems, never a stack trace.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var (exitCode, text) = AgentStartupErrors.Describe(exception);
            await error.WriteAsync(text).ConfigureAwait(false);
            return exitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}

using Bridge.LambdaHosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Samples.LambdaConsumer;

/// <summary>
/// The function's <c>bootstrap</c> (custom runtime, <c>provided.al2023</c>): Bridge's own Lambda hosting polls the
/// Runtime API and hands each invocation to <see cref="ConsumerEventHandler"/>. No Amazon.Lambda packages.
/// </summary>
public static class LambdaEntryPoint
{
    /// <summary>Runs the function until Lambda ends the execution environment.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(LambdaHostingOptions.RuntimeApiVariable)))
        {
            await Console.Error.WriteLineAsync(
                $"{LambdaHostingOptions.RuntimeApiVariable} is not set: this is a Lambda function (provided.al2023); see samples/LambdaConsumer/README.md.")
                .ConfigureAwait(false);
            return 2;
        }

        await using var app = CreateApplication(args, Environment.GetEnvironmentVariable);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Builds the function from its environment, once per execution environment: everything the handler needs is made
    /// here and reused by every invocation; nothing secret is fetched until the first one (SnapStart-safe).
    /// </summary>
    /// <param name="args">Command-line arguments (none under Lambda).</param>
    /// <param name="getVariable">The environment (<c>AWS_LAMBDA_RUNTIME_API</c> and the variables of <see cref="ConsumerOptions"/>).</param>
    /// <param name="configureServices">Replaces services after the composition, e.g. the STS client in a test.</param>
    public static WebApplication CreateApplication(string[] args, Func<string, string?> getVariable, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var builder = WebApplication.CreateSlimBuilder(args);

        // First, so that a bad setting below is posted to Lambda as the init error instead of a bare exit.
        builder.Services.AddLambdaHosting(o => o.RuntimeApi = getVariable(LambdaHostingOptions.RuntimeApiVariable));
        builder.Services.AddLambdaConsumer(ConsumerOptions.FromEnvironment(getVariable));
        builder.Services.AddSingleton<ILambdaEventHandler, ConsumerEventHandler>();
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }
}

using Amazon.CDK;
using Bridge.Infrastructure.Components;
using Bridge.Infrastructure.Settings;
using Bridge.Infrastructure.Stacks;

namespace Bridge.Infrastructure;

/// <summary>Builds Bridge's stacks for the stage described by the app's context.</summary>
public static class BridgeApp
{
    /// <summary>Reads and validates the context, then adds the stacks to <paramref name="app"/>.</summary>
    /// <exception cref="InvalidOperationException">
    /// The context is invalid (the message lists every problem), or the bootstrap must be built here and neither a local
    /// publish nor Docker can (the message names <c>bridge:bootstrapDir</c>).
    /// </exception>
    public static BridgeStacks Build(App app) => Build(app, BootstrapBuildHost.Current);

    /// <summary>Reads and validates the context, then adds the stacks, building the bootstrap with what <paramref name="buildHost"/> offers.</summary>
    internal static BridgeStacks Build(App app, BootstrapBuildHost buildHost)
    {
        ArgumentNullException.ThrowIfNull(app);
        var result = StageSettingsReader.Read(key => app.Node.TryGetContext(key));
        if (!result.IsValid)
        {
            throw new InvalidOperationException(
                "Invalid Bridge stage settings (CDK context):" + System.Environment.NewLine + string.Join(System.Environment.NewLine, result.Errors.Select(e => "  " + e)));
        }

        return Build(app, result.Settings, buildHost);
    }

    /// <summary>Adds the stacks of <paramref name="settings"/> to <paramref name="app"/>.</summary>
    /// <exception cref="InvalidOperationException">The bootstrap must be built here and neither a local publish nor Docker can.</exception>
    public static BridgeStacks Build(App app, StageSettings settings) => Build(app, settings, BootstrapBuildHost.Current);

    /// <summary>Adds the stacks, building the bootstrap (unless prebuilt) with what <paramref name="buildHost"/> offers.</summary>
    internal static BridgeStacks Build(App app, StageSettings settings, BootstrapBuildHost buildHost)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        var environment = new Amazon.CDK.Environment { Account = settings.Account, Region = settings.Region };
        var prefix = "Bridge-" + settings.Stage;

        var state = new StatefulStack(app, prefix + "-State", settings, new StackProps
        {
            Env = environment,
            TerminationProtection = true,
            Description = $"Bridge {settings.Stage}: stateful resources (DynamoDB, KMS), all retained",
        });
        var service = new ServiceStack(app, prefix + "-Service", settings, state, new StackProps
        {
            Env = environment,
            Description = $"Bridge {settings.Stage}: the exchange function and its HTTP API",
        }, buildHost);
        var consumer = settings.ConsumerSpiffeId is null
            ? null
            : new ConsumerStack(app, prefix + "-Consumer", settings, new StackProps
            {
                Env = environment,
                Description = $"Bridge {settings.Stage}: example role trusting a JWT-SVID",
            });

        Tags.Of(app).Add("project", "bridge");
        Tags.Of(app).Add(StatefulStack.StageTagKey, settings.Stage);
        return new BridgeStacks(state, service, consumer);
    }
}

using Amazon.CDK;
using Bridge.Infrastructure.Components;

namespace Bridge.Infrastructure.Tests.Components;

public sealed class BootstrapCodeTests
{
    private const string DockerProblem = "the Docker engine is not running or not reachable ('docker version': Cannot connect to the Docker daemon)";

    [Fact]
    public void Build_SourceBuildWithoutLocalPublishOrDocker_FailsWithOneMessageNamingThePrebuiltAlternative()
    {
        var app = new App(new AppProps { Context = SourceBuildContext() });
        var host = new BootstrapBuildHost((_, _) => false, () => DockerProblem);

        var exception = Assert.Throws<InvalidOperationException>(() => BridgeApp.Build(app, host));

        Assert.Contains("bootstrap (linux-arm64)", exception.Message, StringComparison.Ordinal);
        Assert.Contains(DockerProblem, exception.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/publish-bootstrap.sh linux-arm64 DIR", exception.Message, StringComparison.Ordinal);
        Assert.Contains("-c bridge:bootstrapDir=DIR", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void Build_SourceBuildOfX8664WithoutLocalPublishOrDocker_NamesThatArchitecture()
    {
        var context = SourceBuildContext();
        context["bridge:architecture"] = "x86_64";
        var app = new App(new AppProps { Context = context });

        var exception = Assert.Throws<InvalidOperationException>(
            () => BridgeApp.Build(app, new BootstrapBuildHost((_, _) => false, () => DockerProblem)));

        Assert.Contains("scripts/publish-bootstrap.sh linux-x64 DIR", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SourceBuildWhenThisSynthDoesNotBundleTheServiceStack_NeedsNeitherDockerNorALocalPublish()
    {
        // What the CLI passes for `cdk deploy Bridge-dev-State`: only that stack's assets are bundled.
        var context = SourceBuildContext();
        context["aws:cdk:bundling-stacks"] = new[] { "Bridge-dev-State" };
        var app = new App(new AppProps { Context = context });
        var dockerAsked = 0;

        var stacks = BridgeApp.Build(app, new BootstrapBuildHost((_, _) => false, () =>
        {
            dockerAsked++;
            return DockerProblem;
        }));

        Assert.Equal("Bridge-dev-Service", stacks.Service.StackName);
        Assert.Equal(0, dockerAsked);
    }

    private static Dictionary<string, object> SourceBuildContext()
    {
        var context = TestContext.Minimal();
        context.Remove("bridge:bootstrapDir");
        return context;
    }
}

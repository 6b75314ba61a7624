using Amazon.CDK;

namespace Bridge.Infrastructure.Tests;

public sealed class BridgeAppTests
{
    [Fact]
    public void Build_InvalidContext_ThrowsListingEveryProblemBeforeAddingAnyStack()
    {
        var app = new App(new AppProps
        {
            Context = new Dictionary<string, object>
            {
                ["bridge:account"] = "12345",
                ["bridge:keyMode"] = "Hsm",
                ["bridge:bootstrapDir"] = TestContext.BootstrapDir,
            },
        });

        var exception = Assert.Throws<InvalidOperationException>(() => BridgeApp.Build(app));

        Assert.Contains("bridge:account: '12345'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("bridge:region: required", exception.Message, StringComparison.Ordinal);
        Assert.Contains("bridge:trustDomain: required", exception.Message, StringComparison.Ordinal);
        Assert.Contains("bridge:stsIssuers: required", exception.Message, StringComparison.Ordinal);
        Assert.Contains("bridge:keyMode: 'Hsm'", exception.Message, StringComparison.Ordinal);
        Assert.Empty(app.Node.Children);
    }

    [Fact]
    public void Build_ValidContext_NamesTheStacksAfterTheStageInTheConfiguredEnvironment()
    {
        var app = new App(new AppProps { Context = TestContext.With(("bridge:stage", "qa")) });

        var stacks = BridgeApp.Build(app);

        Assert.Equal("Bridge-qa-State", stacks.State.StackName);
        Assert.Equal("Bridge-qa-Service", stacks.Service.StackName);
        Assert.Equal(TestContext.Account, stacks.Service.Account);
        Assert.Equal(TestContext.Region, stacks.Service.Region);
        Assert.Null(stacks.Consumer);
    }
}

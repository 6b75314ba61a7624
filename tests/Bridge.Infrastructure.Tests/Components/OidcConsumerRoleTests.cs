using Amazon.CDK;
using Amazon.CDK.Assertions;
using Bridge.Infrastructure.Components;

namespace Bridge.Infrastructure.Tests.Components;

public sealed class OidcConsumerRoleTests(SynthesizedStages stages)
{
    [Fact]
    public void Provider_UrlIsTheIssuer_AndClientIdIsTheAudience()
    {
        var consumer = stages.Full.Consumer!;

        consumer.ResourceCountIs("AWS::IAM::OIDCProvider", 1);
        consumer.HasResourceProperties("AWS::IAM::OIDCProvider", new Dictionary<string, object>
        {
            ["Url"] = "https://bridge.example.org",
            ["ClientIdList"] = new[] { "sts.amazonaws.com" },
        });
    }

    [Fact]
    public void Role_TrustsOnlyTheSpiffeIdsJwtSvidForTheAudience()
    {
        var role = Assert.Single(stages.Full.Resources("Bridge-prod-Consumer", "AWS::IAM::Role")).Resource;
        var statement = Assert.Single(role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;

        Assert.Equal("sts:AssumeRoleWithWebIdentity", (string?)statement["Action"]);
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Contains("Provider", statement["Principal"]!["Federated"]!.ToJsonString(), StringComparison.Ordinal);
        var equals = statement["Condition"]!["StringEquals"]!.AsObject();
        Assert.Equal("sts.amazonaws.com", (string?)equals["bridge.example.org:aud"]);
        Assert.Equal("spiffe://example.org/billing/worker", (string?)equals["bridge.example.org:sub"]);
        Assert.Equal(2, equals.Count);
        Assert.Single(statement["Condition"]!.AsObject());
    }

    [Fact]
    public void DefaultStage_WithoutConsumerSpiffeId_HasNoConsumerStack()
    {
        Assert.Null(stages.Default.Stacks.Consumer);
    }

    [Fact]
    public void AddRole_SecondSpiffeId_SharesTheProvider()
    {
        var stack = new Stack(new App(), "Consumer", new StackProps { Env = new Amazon.CDK.Environment { Account = TestContext.Account, Region = TestContext.Region } });
        var consumer = new OidcConsumerRole(stack, "Consumer", new OidcConsumerRoleProps
        {
            IssuerUrl = "https://bridge.example.org/prod",
            Audience = "sts.amazonaws.com",
            SpiffeId = "spiffe://example.org/a",
        });

        consumer.AddRole("Second", "spiffe://example.org/b");

        var template = Template.FromStack(stack);
        template.ResourceCountIs("AWS::IAM::OIDCProvider", 1);
        template.ResourceCountIs("AWS::IAM::Role", 2);
        template.HasResourceProperties("AWS::IAM::Role", Match.ObjectLike(new Dictionary<string, object>
        {
            ["AssumeRolePolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = new object[]
                {
                    Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Condition"] = new Dictionary<string, object>
                        {
                            ["StringEquals"] = new Dictionary<string, object>
                            {
                                ["bridge.example.org/prod:aud"] = "sts.amazonaws.com",
                                ["bridge.example.org/prod:sub"] = "spiffe://example.org/b",
                            },
                        },
                    }),
                },
            }),
        }));
    }

    [Theory]
    [InlineData("https://bridge.example.org", "bridge.example.org")]
    [InlineData("https://bridge.example.org/tenant/a", "bridge.example.org/tenant/a")]
    public void ConditionKeyPrefix_HttpsIssuer_IsTheUrlWithoutScheme(string issuer, string expected)
    {
        Assert.Equal(expected, OidcConsumerRole.ConditionKeyPrefix(issuer));
    }

    [Theory]
    [InlineData("http://bridge.example.org")]
    [InlineData("https://bridge.example.org/")]
    [InlineData("https://bridge.example.org:8443")]
    [InlineData("https://bridge.example.org:443")]
    [InlineData("https://bridge.example.org?x=1")]
    [InlineData("https://user@bridge.example.org")]
    [InlineData("bridge.example.org")]
    public void ConditionKeyPrefix_NotAnIamProviderUrl_Throws(string issuer)
    {
        Assert.Throws<ArgumentException>(() => OidcConsumerRole.ConditionKeyPrefix(issuer));
    }

    [Fact]
    public void ConditionKeyPrefix_DeployTimeToken_Throws()
    {
        var stack = new Stack(new App(), "Tokens");
        var unresolved = Fn.Join(string.Empty, ["https://", stack.Region]);

        Assert.Throws<ArgumentException>(() => OidcConsumerRole.ConditionKeyPrefix(unresolved));
    }
}

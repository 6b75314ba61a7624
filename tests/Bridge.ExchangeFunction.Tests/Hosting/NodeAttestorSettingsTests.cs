using Bridge.Abstractions.Nodes;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Hosting.Startup;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>The aws_iid node attestor exists only when Bridge:NodeAttestors:AwsIid:Enabled is true, and is validated at start.</summary>
public sealed class NodeAttestorSettingsTests
{
    [Fact]
    public void Start_ByDefault_RegistersNoNodeAttestor()
    {
        var app = Create();

        Assert.Empty(app.Services.GetServices<INodeAttestor>());
    }

    [Fact]
    public void Start_AwsIidEnabled_RegistersIt()
    {
        var app = Create(
            ("Bridge:NodeAttestors:AwsIid:Enabled", "true"),
            ("Bridge:NodeAttestors:AwsIid:AllowedAccounts:0", "111122223333"),
            ("Bridge:NodeAttestors:AwsIid:DescribeInstances", "true"));

        Assert.Equal("aws_iid", Assert.Single(app.Services.GetServices<INodeAttestor>()).Name);
    }

    [Fact]
    public void Start_AwsIidEnabledWithoutAccounts_FailsNamingTheSetting()
    {
        var error = Assert.Throws<StartupFailedException>(() => Create(("Bridge:NodeAttestors:AwsIid:Enabled", "true")));

        Assert.Contains(error.Problems, p => p.StartsWith("Bridge:NodeAttestors:AwsIid:", StringComparison.Ordinal) && p.Contains("AllowedAccounts", StringComparison.Ordinal));
    }

    private static WebApplication Create(params (string Key, string Value)[] overrides)
    {
        using var factory = new BridgeFactory();
        var settings = factory.Settings();
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
    }
}

using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>A misconfigured service refuses to start and names every problem at once, across sections.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void Start_InvalidConfiguration_FailsListingEveryError()
    {
        using var factory = new MisconfiguredFactory(
            ("Bridge:Authority:TrustDomain", "Example.ORG/path"),
            ("Bridge:Authority:Issuer", "http://bridge.example.org"),
            ("Bridge:Attestors:Oidc:Issuers:0:Issuer", "http://sts.example.com"));

        var error = Record.Exception(() => factory.Services);

        var failures = Flatten(error).OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToArray();
        Assert.Contains(failures, f => f.StartsWith("Bridge:Authority:TrustDomain:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bridge:Authority:Issuer:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[0].Issuer", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_KmsEnvelopeWithoutItsSettings_FailsListingThemWithTheOtherErrors()
    {
        using var factory = new MisconfiguredFactory(
            ("Bridge:Authority:TrustDomain", "Example.ORG/path"),
            ("Bridge:Backends:Keys", "KmsEnvelope"),
            ("Bridge:Backends:State", "DynamoDb"),
            ("Bridge:Backends:DynamoDbTable", "bridge"));

        var error = Record.Exception(() => factory.Services);

        var failures = Flatten(error).OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToArray();
        Assert.Contains(failures, f => f.StartsWith("Bridge:Authority:TrustDomain:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bridge:Keys:KmsEnvelope:", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_ValidConfiguration_Starts()
    {
        // The control case: the same factory with nothing overridden starts.
        using var factory = new MisconfiguredFactory();

        Assert.NotNull(factory.Services);
    }

    private static IEnumerable<Exception> Flatten(Exception? error) => error switch
    {
        null => [],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Flatten),
        _ => [error, .. Flatten(error.InnerException)],
    };

    private sealed class MisconfiguredFactory(params (string Key, string Value)[] overrides) : BridgeFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides =>
            overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value));
    }
}

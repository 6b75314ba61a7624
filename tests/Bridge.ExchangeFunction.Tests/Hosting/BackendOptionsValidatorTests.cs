using Bridge.Authority.Aws.AcmPca;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.ExchangeFunction.Hosting;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>The backend choice and the settings of the chosen AWS backends, checked together at start.</summary>
public sealed class BackendOptionsValidatorTests
{
    [Fact]
    public void Validate_LocalDefaults_Succeed()
    {
        Assert.True(new BackendOptionsValidator().Validate(null, new BackendOptions()).Succeeded);
    }

    [Fact]
    public void Validate_UnknownChoices_ReportsEachAtOnce()
    {
        var result = new BackendOptionsValidator().Validate(null, new BackendOptions
        {
            Keys = "Vault",
            State = "Nowhere",
            Upstream = "LetsEncrypt",
        });

        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Bridge:Backends:Keys: 'Vault'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bridge:Backends:State: 'Nowhere'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bridge:Backends:Upstream: 'LetsEncrypt'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("InMemory", "File")]
    [InlineData("InMemory", "DynamoDb")]
    [InlineData("Kms", "InMemory")]
    [InlineData("KmsEnvelope", "InMemory")]
    public void Validate_KeysAndStateThatCannotAgree_Fail(string keys, string state)
    {
        var result = new BackendOptionsValidator().Validate(null, new BackendOptions { Keys = keys, State = state, DynamoDbTable = "t" });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:State:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("InMemory", "InMemory")]
    [InlineData("Kms", "DynamoDb")]
    [InlineData("KmsEnvelope", "DynamoDb")]
    [InlineData("File", "File")]
    public void Validate_KeysAndStateThatAgree_Succeed(string keys, string state)
    {
        Assert.True(new BackendOptionsValidator().Validate(null, new BackendOptions { Keys = keys, State = state, DynamoDbTable = "t" }).Succeeded);
    }

    [Fact]
    public void Validate_DynamoDbStateWithoutTable_Fails()
    {
        var result = new BackendOptionsValidator().Validate(null, new BackendOptions { State = "DynamoDb" });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:DynamoDbTable:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NodeSettings_ReportsEveryProblemAtOnce()
    {
        var result = new BackendOptionsValidator().Validate(null, new BackendOptions { Nodes = "Redis", NodeExpiryGrace = TimeSpan.FromDays(-1) });

        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Bridge:Backends:Nodes: 'Redis' is not one of File, InMemory, DynamoDb", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bridge:Backends:NodeExpiryGrace:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(365)]
    public void Validate_NodeExpiryGraceAtItsBounds_Succeeds(int days)
    {
        Assert.True(new BackendOptionsValidator().Validate(null, new BackendOptions { NodeExpiryGrace = TimeSpan.FromDays(days) }).Succeeded);
    }

    [Fact]
    public void Validate_NodeExpiryGraceOverAYear_Fails()
    {
        var result = new BackendOptionsValidator().Validate(null, new BackendOptions { NodeExpiryGrace = TimeSpan.FromDays(366) });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:NodeExpiryGrace:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FileNodesWithoutPath_Fails()
    {
        var result = new BackendOptionsValidator().Validate(null, new BackendOptions { NodesFile = " " });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:NodesFile: required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DynamoDbNodesWithoutTable_Fails()
    {
        var result = new BackendOptionsValidator().Validate(null, new BackendOptions { Nodes = "DynamoDb" });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:DynamoDbTable:", StringComparison.Ordinal) && f.Contains("Nodes", StringComparison.Ordinal));
    }

    [Fact]
    public void SelectedSettings_ChosenEnvelopeAndPcaSections_AreValidatedWithTheirSectionNames()
    {
        var validator = new SelectedBackendSettingsValidator(
            Options.Create(new KmsKeyManagerOptions()),
            Options.Create(new KmsEnvelopeKeyManagerOptions()),
            Options.Create(new AcmPcaUpstreamOptions()));

        var result = validator.Validate(null, new BackendOptions { Keys = "KmsEnvelope", Upstream = "AcmPca" });

        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith(KmsEnvelopeKeyManagerOptions.SectionName + ":", StringComparison.Ordinal) && f.Contains("WrappingKeyId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith(AcmPcaUpstreamOptions.SectionName + ":", StringComparison.Ordinal) && f.Contains("CertificateAuthorityArn", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith(KmsKeyManagerOptions.SectionName + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void SelectedSettings_SectionsOfBackendsNotChosen_AreNotChecked()
    {
        var validator = new SelectedBackendSettingsValidator(
            Options.Create(new KmsKeyManagerOptions()),
            Options.Create(new KmsEnvelopeKeyManagerOptions()),
            Options.Create(new AcmPcaUpstreamOptions()));

        Assert.True(validator.Validate(null, new BackendOptions()).Succeeded);
    }
}

using Bridge.Authority.Aws.AcmPca;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>
/// The backend choice and the settings of the chosen backends, checked together at start: the validators the service's
/// composition registers for <see cref="BackendOptions"/>, with the local and AWS backends registered.
/// </summary>
public sealed class BackendOptionsValidatorTests
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddLogging()
        .AddBridgeAuthority().AddLocalBackends().AddAwsBackends().Services
        .BuildServiceProvider();

    private static ValidateOptionsResult Validate(BackendOptions options)
    {
        var failures = Services.GetServices<IValidateOptions<BackendOptions>>()
            .Select(v => v.Validate(null, options))
            .Where(r => r.Failed)
            .SelectMany(r => r.Failures!)
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [Fact]
    public void Validate_LocalDefaults_Succeed()
    {
        Assert.True(Validate(new BackendOptions()).Succeeded);
    }

    [Fact]
    public void Validate_UnknownChoices_ReportsEachAtOnce()
    {
        var result = Validate(new BackendOptions
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
        var result = Validate(new BackendOptions { Keys = keys, State = state, DynamoDbTable = "t" });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:State:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("InMemory", "InMemory")]
    [InlineData("Kms", "DynamoDb")]
    [InlineData("KmsEnvelope", "DynamoDb")]
    [InlineData("File", "File")]
    public void Validate_KeysAndStateThatAgree_Succeed(string keys, string state)
    {
        // The KMS sections are left empty here: only the choice itself is checked.
        var result = Validate(new BackendOptions { Keys = keys, State = state, DynamoDbTable = "t" });

        Assert.DoesNotContain(result.Failures ?? [], f => f.StartsWith(BackendOptions.SectionName, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DynamoDbStateWithoutTable_Fails()
    {
        var result = Validate(new BackendOptions { State = "DynamoDb" });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:DynamoDbTable:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NodeSettings_ReportsEveryProblemAtOnce()
    {
        var result = Validate(new BackendOptions { Nodes = "Redis", NodeExpiryGrace = TimeSpan.FromDays(-1) });

        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Bridge:Backends:Nodes: 'Redis' is not one of File, InMemory, DynamoDb", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bridge:Backends:NodeExpiryGrace:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(365)]
    public void Validate_NodeExpiryGraceAtItsBounds_Succeeds(int days)
    {
        Assert.True(Validate(new BackendOptions { NodeExpiryGrace = TimeSpan.FromDays(days) }).Succeeded);
    }

    [Fact]
    public void Validate_NodeExpiryGraceOverAYear_Fails()
    {
        var result = Validate(new BackendOptions { NodeExpiryGrace = TimeSpan.FromDays(366) });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:NodeExpiryGrace:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FileNodesWithoutPath_Fails()
    {
        var result = Validate(new BackendOptions { NodesFile = " " });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:NodesFile: required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DynamoDbNodesWithoutTable_Fails()
    {
        var result = Validate(new BackendOptions { Nodes = "DynamoDb" });

        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Backends:DynamoDbTable:", StringComparison.Ordinal) && f.Contains("Nodes", StringComparison.Ordinal));
    }

    [Fact]
    public void SelectedSettings_ChosenEnvelopeAndPcaSections_AreValidatedWithTheirSectionNames()
    {
        var result = Validate(new BackendOptions { Keys = "KmsEnvelope", State = "DynamoDb", DynamoDbTable = "t", Upstream = "AcmPca" });

        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith(KmsEnvelopeKeyManagerOptions.SectionName + ":", StringComparison.Ordinal) && f.Contains("WrappingKeyId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith(AcmPcaUpstreamOptions.SectionName + ":", StringComparison.Ordinal) && f.Contains("CertificateAuthorityArn", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith(KmsKeyManagerOptions.SectionName + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void SelectedSettings_SectionsOfBackendsNotChosen_AreNotChecked()
    {
        Assert.True(Validate(new BackendOptions()).Succeeded);
    }

    [Fact]
    public void Validate_UnknownChoice_ListsEveryRegisteredBackendOfTheSeamInOrder()
    {
        var failures = Validate(new BackendOptions { Keys = "Vault", Upstream = "LetsEncrypt" }).Failures!.ToArray();

        Assert.Contains("Bridge:Backends:Keys: 'Vault' is not one of File, InMemory, Kms, KmsEnvelope.", failures);
        Assert.Contains("Bridge:Backends:Upstream: 'LetsEncrypt' is not one of SelfSigned, AcmPca.", failures);
    }

    [Fact]
    public void Validate_OneTableForEverySeam_ReportsAMissingTableOnce()
    {
        var failures = Validate(new BackendOptions { Registration = "DynamoDb", Replay = "DynamoDb", State = "DynamoDb", Nodes = "DynamoDb" }).Failures!;

        Assert.Single(failures, f => f.StartsWith("Bridge:Backends:DynamoDbTable:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Validate_KmsKeys_RefuseAProcessLocalStateFromAnyProject(bool processLocal)
    {
        // A state backend another project adds: the KMS rule reads whether it is process-local, not its name.
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddBridgeAuthority().AddLocalBackends().AddAwsBackends()
            .AddBackend<Bridge.Abstractions.State.IAuthorityStateStore>(
                new BackendDescriptor(BackendSeams.State, "Scratch") { ProcessLocal = processLocal },
                _ => throw new InvalidOperationException("not built by a check"))
            .Services.BuildServiceProvider();

        var failures = services.GetServices<IValidateOptions<BackendOptions>>()
            .SelectMany(v => v.Validate(null, new BackendOptions { Keys = "Kms", State = "Scratch" }).Failures ?? [])
            .ToList();

        const string Refusal = "Bridge:Backends:State: Scratch cannot be used with Keys=Kms; every instance must share the rotation state (use DynamoDb).";
        Assert.Equal(processLocal, failures.Contains(Refusal));
    }
}

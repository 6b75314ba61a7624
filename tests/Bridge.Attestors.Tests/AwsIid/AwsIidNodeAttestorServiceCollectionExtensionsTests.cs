using Bridge.Abstractions.Nodes;
using Bridge.Attestors.AwsIid;
using Bridge.Testing.Aws.Ec2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Attestors.Tests.AwsIid;

/// <summary>The DI registration: the embedded table by default, a test table only through code, options validated.</summary>
public sealed class AwsIidNodeAttestorServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAwsIidNodeAttestor_RegistersOneNodeAttestorTrustingTheEmbeddedTable()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddAwsIidNodeAttestor(o => (o.Enabled, o.AllowedAccounts) = (true, ["111122223333"]))
            .AddAwsIidNodeAttestor()
            .BuildServiceProvider();

        var attestor = Assert.Single(provider.GetServices<INodeAttestor>());
        Assert.Equal("aws_iid", attestor.Name);
        Assert.Same(AwsIidCertificateTable.Embedded, provider.GetRequiredService<AwsIidCertificateTable>());
    }

    [Fact]
    public async Task AddAwsIidNodeAttestor_ATableRegisteredFirst_IsTheOneTrusted()
    {
        using var aws = TestIidAuthority.Create(["us-east-1"]);
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(AwsIidTestEnvironment.Now));
        services.AddSingleton(AwsIidCertificateTable.Create(aws.Certificates));
        using var provider = services
            .AddAwsIidNodeAttestor(o => (o.Enabled, o.AllowedAccounts) = (true, [TestIidDocument.DefaultAccount]))
            .BuildServiceProvider();

        var result = await provider.GetRequiredService<INodeAttestor>().AttestAsync(
            new NodeAttestationRequest(aws.Evidence(new TestIidDocument())), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public void AddAwsIidNodeAttestor_EnabledWithoutAccounts_FailsValidation()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddAwsIidNodeAttestor(o => o.Enabled = true)
            .BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AwsIidAttestorOptions>>().Value);
    }
}

using Bridge.Abstractions.Nodes;
using Bridge.Attestors.AwsIid;
using Bridge.Testing.Aws.Ec2;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>
/// What a test host needs to run the real <c>aws_iid</c> attestor: the settings that enable it for the test account
/// over an in-memory node store, and the services that make it trust a test IID authority (code only; no setting can).
/// </summary>
internal static class IidAttestorHost
{
    public static IEnumerable<KeyValuePair<string, string?>> Settings { get; } =
    [
        new("Bridge:NodeAttestors:AwsIid:Enabled", "true"),
        new("Bridge:NodeAttestors:AwsIid:AllowedAccounts:0", TestIidDocument.DefaultAccount),
        new("Bridge:Backends:Nodes", "InMemory"),
    ];

    public static void AddServices(IServiceCollection services, INodeStore nodes, TestIidAuthority iid)
    {
        services.AddSingleton(nodes);
        services.AddSingleton(AwsIidCertificateTable.Create(iid.Certificates));
    }
}

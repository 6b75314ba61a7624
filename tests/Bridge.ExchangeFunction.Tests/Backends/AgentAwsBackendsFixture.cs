using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Bridge.Attestors.AwsIid;
using Bridge.Testing.Aws.Ec2;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.ExchangeFunction.Tests.Backends;

/// <summary>
/// The AWS-backed exchange of <see cref="AwsBackendsFixture"/> with the agent API's production components as well: node
/// records in the same DynamoDB table, and the real <c>aws_iid</c> node attestor trusting a <see cref="TestIidAuthority"/>
/// and calling <c>DescribeInstances</c> through the real AWS SDK EC2 client on <see cref="FakeEc2Server"/>. The test
/// authority and the EC2 endpoint are injected in code, as <c>AddAwsIidNodeAttestor</c> allows; no setting could.
/// </summary>
public sealed class AgentAwsBackendsFixture : AwsBackendsFixture
{
    /// <summary>Signs instance identity documents as AWS does, with a test key per Region.</summary>
    public TestIidAuthority Iid { get; } = TestIidAuthority.Create(["us-east-1"]);

    /// <summary>The EC2 endpoint the attestor describes instances on.</summary>
    public FakeEc2Server Ec2 { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Ec2 = await FakeEc2Server.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Ec2.DisposeAsync();
        Iid.Dispose();
    }

    protected override AwsBridgeFactory CreateBridge() => new AgentAwsBridgeFactory(this);

    /// <summary>The AWS-backed service with node records in DynamoDB and the IID attestor enabled for the test account.</summary>
    private sealed class AgentAwsBridgeFactory(AgentAwsBackendsFixture aws) : AwsBridgeFactory(aws)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides =>
        [
            .. base.SettingOverrides,
            new("Bridge:Backends:Nodes", "DynamoDb"),
            new("Bridge:NodeAttestors:AwsIid:Enabled", "true"),
            new("Bridge:NodeAttestors:AwsIid:AllowedAccounts:0", TestIidDocument.DefaultAccount),
            new("Bridge:NodeAttestors:AwsIid:DescribeInstances", "true"),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(AwsIidCertificateTable.Create(aws.Iid.Certificates));
                services.AddSingleton(new AwsIidAwsClients(
                    (region, credentials) => new AmazonEC2Client(
                        credentials ?? new BasicAWSCredentials("test", "test"),
                        new AmazonEC2Config { ServiceURL = aws.Ec2.ServiceUrl.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 }),

                    // No role is assumed in these tests: an STS call would fail on this closed port.
                    () => new AmazonSecurityTokenServiceClient(
                        new BasicAWSCredentials("test", "test"),
                        new AmazonSecurityTokenServiceConfig { ServiceURL = "http://127.0.0.1:9", AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 })));
            });
        }
    }
}

using Bridge.Authority.Local.Replay;
using Bridge.ExchangeFunction.Hosting.Startup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>Every key a deployment sets is known; only keys nothing reads, and values nothing can bind, are reported.</summary>
public sealed class SettingsCheckTests
{
    // The sections the service's composition declares.
    private static readonly SettingsSchema ServiceSchema =
        SettingsSchema.From(new ServiceCollection().AddBridgeExchange(new ConfigurationBuilder().Build()));

    [Fact]
    public void SectionPaths_DerivedFromTheSchema_AreEachOptionsTypesOwnSectionName()
    {
        // Validator messages get these paths put in front; they must be where each type is really bound.
        var expected = new Dictionary<Type, string>
        {
            [typeof(Bridge.Authority.AuthorityOptions)] = Bridge.Authority.AuthorityOptions.SectionName,
            [typeof(Bridge.Authority.Rotation.JwtKeyRotationOptions)] = Bridge.Authority.Rotation.JwtKeyRotationOptions.SectionName,
            [typeof(Bridge.Authority.Ca.SelfSignedUpstreamOptions)] = Bridge.Authority.Ca.SelfSignedUpstreamOptions.SectionName,
            [typeof(Bridge.Authority.Hosting.BackendOptions)] = Bridge.Authority.Hosting.BackendOptions.SectionName,
            [typeof(Bridge.Authority.Aws.Kms.KmsKeyManagerOptions)] = Bridge.Authority.Aws.Kms.KmsKeyManagerOptions.SectionName,
            [typeof(Bridge.Authority.Aws.Kms.Envelope.KmsEnvelopeKeyManagerOptions)] = Bridge.Authority.Aws.Kms.Envelope.KmsEnvelopeKeyManagerOptions.SectionName,
            [typeof(Bridge.Authority.Aws.AcmPca.AcmPcaUpstreamOptions)] = Bridge.Authority.Aws.AcmPca.AcmPcaUpstreamOptions.SectionName,
            [typeof(Bridge.Authority.Local.Replay.InMemoryReplayCacheOptions)] = Bridge.Authority.Local.Replay.InMemoryReplayCacheOptions.SectionName,
            [typeof(Bridge.Attestors.Oidc.OidcAttestorOptions)] = Bridge.Attestors.Oidc.OidcAttestorOptions.SectionName,
            [typeof(Bridge.Attestors.AwsIid.AwsIidAttestorOptions)] = Bridge.Attestors.AwsIid.AwsIidAttestorOptions.SectionName,
            [typeof(Bridge.Attestors.AwsSts.AwsStsNodeAttestorOptions)] = Bridge.Attestors.AwsSts.AwsStsNodeAttestorOptions.SectionName,
            [typeof(Bridge.ExchangeFunction.Hosting.ExchangeFunctionOptions)] = Bridge.ExchangeFunction.Hosting.ExchangeFunctionOptions.SectionName,
            [typeof(Bridge.Authority.Agents.AgentOptions)] = Bridge.Authority.Agents.AgentOptions.SectionName,
            [typeof(Bridge.ExchangeFunction.Hosting.Telemetry.TelemetryOptions)] = Bridge.ExchangeFunction.Hosting.Telemetry.TelemetryOptions.SectionName,
        };

        Assert.Equal(expected.OrderBy(p => p.Value), ServiceSchema.SectionPaths.OrderBy(p => p.Value));
    }

    [Fact]
    public void Check_EverySectionTheServiceReads_NoProblem()
    {
        // One valid value in every section and list the service binds, as the CDK stack and the docs set them
        // (case-insensitive, as the binder matches): a false "unknown setting" would stop a deployment.
        var result = Check(
            ("Bridge:Authority:TrustDomain", "example.org"),
            ("Bridge:Authority:CaTtl", "1.00:00:00"),
            ("Bridge:Authority:JwtKeyType", "ecp384"),
            ("Bridge:Authority:JwtKeys:KeyLifetime", "2.00:00:00"),
            ("Bridge:Authority:JwtKeys:MaxPublishedKeys", "4"),
            ("Bridge:Authority:SelfSignedUpstream:RootTtl", "365.00:00:00"),
            ("Bridge:Backends:Keys", "KmsEnvelope"),
            ("Bridge:Backends:DynamoDbIndexRefreshInterval", "00:00:30"),
            ("Bridge:Backends:RootCertificateFile", string.Empty),
            ("Bridge:Backends:Nodes", "DynamoDb"),
            ("Bridge:Backends:NodesFile", ".bridge/nodes.json"),
            ("Bridge:Backends:NodeExpiryGrace", "2.00:00:00"),
            ("Bridge:Keys:Kms:AliasNamespace", "prod"),
            ("Bridge:Keys:KmsEnvelope:WrappingKeyId", "alias/bridge"),
            ("Bridge:Upstream:AcmPca:CertificateAuthorityArn", "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x"),
            ("Bridge:Replay:InMemory:MaxEntries", "1000"),
            ("Bridge:Exchange:MaxRequestBodyBytes", "65536"),
            ("Bridge:Telemetry:Exporter", "Emf"),
            ("Bridge:Telemetry:EmfNamespace", "Bridge/example-org-dev"),
            ("Bridge:Agents:SvidTtl", "00:30:00"),
            ("Bridge:Agents:ClockSkew", "00:00:10"),
            ("BRIDGE:ATTESTORS:OIDC:AUDIENCE", "bridge"),
            ("Bridge:Attestors:Oidc:Issuers:0:Name", "aws-sts"),
            ("Bridge:Attestors:Oidc:Issuers:0:Profile", "AwsSts"),
            ("Bridge:Attestors:Oidc:Issuers:0:MaxTokenLifetime", "01:00:00"),
            ("Bridge:Attestors:Oidc:Issuers:0:AllowInsecureLoopbackHttp", "true"),
            ("Bridge:Attestors:Oidc:Issuers:0:AllowedAlgorithms:0", "ES256"),
            ("Bridge:Attestors:Oidc:Issuers:0:AllowedAccounts:0", "111122223333"),
            ("Bridge:Attestors:Oidc:Issuers:1:SelectorClaims:0", "email"),
            ("Bridge:NodeAttestors:AwsIid:Enabled", "true"),
            ("Bridge:NodeAttestors:AwsIid:AllowedAccounts:0", "111122223333"),
            ("Bridge:NodeAttestors:AwsIid:AllowAnyAccount", "false"),
            ("Bridge:NodeAttestors:AwsIid:MaxInstanceAge", "30.00:00:00"),
            ("Bridge:NodeAttestors:AwsIid:DescribeInstances", "true"),
            ("Bridge:NodeAttestors:AwsIid:AssumeRoleName", "BridgeIidReader"),
            ("Bridge:NodeAttestors:AwsIid:AwsCallTimeout", "00:00:10"));

        Assert.Empty(result.Problems);
        Assert.Empty(result.UnconvertibleKeys);
    }

    [Fact]
    public void Check_NodeExpiryGraceNotADuration_IsReportedWithTheFormat()
    {
        var result = Check(("Bridge:Backends:NodeExpiryGrace", "1d"));

        Assert.Contains(result.Problems, p => p.StartsWith("Bridge:Backends:NodeExpiryGrace: '1d' is not a duration", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ListGivenAsSections_AndSectionGivenForAValue_AreReported()
    {
        var result = Check(
            ("Bridge:Attestors:Oidc:Issuers:first:Name", "x"),
            ("Bridge:Authority:CaTtl:Days", "1"),
            ("Bridge:Nothing", "x"));

        Assert.Equal(
            [
                "Bridge:Attestors:Oidc:Issuers:first: unknown setting; Bridge:Attestors:Oidc:Issuers is a list (keys Issuers:0, Issuers:1, ...).",
                "Bridge:Authority:CaTtl: takes one value, not a section.",
                "Bridge:Nothing: unknown setting; nothing reads it.",
            ],
            result.Problems);
        Assert.Empty(result.UnconvertibleKeys);
    }

    [Fact]
    public void Check_ASectionABackendDeclares_IsKnownWithNoChangeToTheCheck()
    {
        // A backend declares its section where it binds it; the check learns it from the composition.
        var schema = SettingsSchema.From(new ServiceCollection()
            .AddBridgeExchange(new ConfigurationBuilder().Build())
            .AddSettingsSection("Bridge:Keys:Vault", typeof(Bridge.Authority.Local.Keys.FileKeyManagerOptions)));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Keys:Vault:Directory"] = "/var/lib/vault",
            ["Bridge:Keys:Vault:Dirctory"] = "/var/lib/vault",
        }).Build();

        var result = SettingsCheck.Check(configuration, schema);

        Assert.Equal(["Bridge:Keys:Vault:Dirctory: unknown setting (did you mean Directory?); nothing reads it."], result.Problems);
        Assert.Contains(Check(("Bridge:Keys:Vault:Directory", "/var/lib/vault")).Problems, p => p.StartsWith("Bridge:Keys:Vault:", StringComparison.Ordinal));
    }

    private static SettingsCheck.Result Check(params (string Key, string Value)[] settings) =>
        SettingsCheck.Check(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
            ServiceSchema);
}

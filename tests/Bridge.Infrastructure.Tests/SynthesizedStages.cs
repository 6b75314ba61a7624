namespace Bridge.Infrastructure.Tests;

/// <summary>
/// The stages most tests read, synthesized once per test run (each synthesis costs seconds of jsii work): the default
/// stage, and a full one with every option on.
/// </summary>
public sealed class SynthesizedStages
{
    private readonly Lazy<SynthesizedStage> _default = new(() => SynthesizedStage.Create(TestContext.Minimal()));
    private readonly Lazy<SynthesizedStage> _full = new(() => SynthesizedStage.Create(TestContext.With(
        ("bridge:stage", "prod"),
        ("bridge:keyMode", "KmsEnvelope"),
        ("bridge:upstream", "AcmPca"),
        ("bridge:pcaArn", TestContext.PcaArn),
        ("bridge:customDomain", "bridge.example.org"),
        ("bridge:certificateArn", TestContext.CertificateArn),
        ("bridge:architecture", "x86_64"),
        ("bridge:consumerSpiffeId", "spiffe://example.org/billing/worker"),
        ("bridge:awsIidAccounts", TestContext.IidAccounts),
        ("bridge:awsIidDescribeInstances", "true"),
        ("bridge:awsIidAssumeRoleName", "BridgeIidReader"),
        ("bridge:awsIidMaxInstanceAgeHours", "720"))));

    /// <summary>Kms key mode, self-signed upstream, generated endpoint, arm64, stage <c>dev</c>.</summary>
    internal SynthesizedStage Default => _default.Value;

    /// <summary>KmsEnvelope, ACM PCA, custom domain, x86_64, consumer stack, aws_iid with DescribeInstances as a role, stage <c>prod</c>.</summary>
    internal SynthesizedStage Full => _full.Value;
}

namespace Bridge.Infrastructure.Settings;

/// <summary>One deployment stage, read from context and validated by <see cref="StageSettingsReader"/>.</summary>
public sealed record StageSettings
{
    /// <summary>The stage name, part of every stack name.</summary>
    public required string Stage { get; init; }

    /// <summary>The 12-digit target account.</summary>
    public required string Account { get; init; }

    /// <summary>The target Region.</summary>
    public required string Region { get; init; }

    /// <summary>The SPIFFE trust domain.</summary>
    public required string TrustDomain { get; init; }

    /// <summary>The custom domain of the API, or null to use the generated execute-api endpoint.</summary>
    public string? CustomDomain { get; init; }

    /// <summary>The ACM certificate of <see cref="CustomDomain"/>.</summary>
    public string? CertificateArn { get; init; }

    /// <summary>Bridge's own audience, or null for <c>&lt;issuer&gt;/token</c>.</summary>
    public string? Audience { get; init; }

    /// <summary>The trusted STS issuers, one per workload account, ordered by account.</summary>
    public required IReadOnlyList<StsIssuer> StsIssuers { get; init; }

    /// <summary>Where the signing keys live.</summary>
    public KeyMode KeyMode { get; init; } = KeyMode.Kms;

    /// <summary>The KMS alias namespace: keys live under <c>alias/bridge/&lt;KeyNamespace&gt;/</c>.</summary>
    public required string KeyNamespace { get; init; }

    /// <summary>What signs the intermediate CA.</summary>
    public UpstreamMode Upstream { get; init; } = UpstreamMode.SelfSigned;

    /// <summary>The Private CA ARN when <see cref="Upstream"/> is <see cref="UpstreamMode.AcmPca"/>.</summary>
    public string? PcaArn { get; init; }

    /// <summary>True for arm64 (Graviton), false for x86_64.</summary>
    public bool Arm64 { get; init; } = true;

    /// <summary>A directory with a prebuilt <c>bootstrap</c>, or null to build from source.</summary>
    public string? BootstrapDir { get; init; }

    /// <summary>The API stage's steady-state rate limit.</summary>
    public double ThrottleRate { get; init; } = 50;

    /// <summary>The API stage's burst limit.</summary>
    public int ThrottleBurst { get; init; } = 100;

    /// <summary>Minutes between rotation invocations.</summary>
    public int RotationIntervalMinutes { get; init; } = 60;

    /// <summary>The SPIFFE ID the example consumer role trusts, or null for no consumer stack.</summary>
    public string? ConsumerSpiffeId { get; init; }

    /// <summary>The audience (IAM OIDC client id) of the example consumer.</summary>
    public string ConsumerAudience { get; init; } = "sts.amazonaws.com";

    /// <summary>The aws_iid node attestor, or null when it is off.</summary>
    public AwsIidSettings? AwsIid { get; init; }

    /// <summary>The issuer URL when it is known at synth time (custom domain), else null (the API endpoint decides it).</summary>
    public string? FixedIssuer => CustomDomain is null ? null : "https://" + CustomDomain;

    /// <summary>The ARN partition of <see cref="Region"/>, written literally so policies are plain strings.</summary>
    public string Partition => Region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : Region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    /// <summary>The .NET runtime identifier of the function's architecture.</summary>
    public string RuntimeIdentifier => Arm64 ? "linux-arm64" : "linux-x64";
}

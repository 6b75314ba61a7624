namespace Bridge.Infrastructure.Settings;

/// <summary>The CDK context keys the app reads (cdk.json <c>context</c>, or <c>cdk synth -c key=value</c>).</summary>
public static class ContextKeys
{
    /// <summary>Stage name, part of every stack name: <c>[a-z][a-z0-9-]{0,19}</c>. Default <c>dev</c>.</summary>
    public const string Stage = "bridge:stage";

    /// <summary>The 12-digit AWS account to deploy to (required: stacks are environment-specific, no lookups).</summary>
    public const string Account = "bridge:account";

    /// <summary>The AWS Region to deploy to (required).</summary>
    public const string Region = "bridge:region";

    /// <summary>The SPIFFE trust domain (required).</summary>
    public const string TrustDomain = "bridge:trustDomain";

    /// <summary>Optional custom domain of the HTTP API; the issuer then is <c>https://&lt;domain&gt;</c> and stays stable.</summary>
    public const string CustomDomain = "bridge:customDomain";

    /// <summary>ACM certificate ARN (same Region) for <see cref="CustomDomain"/>; required with it.</summary>
    public const string CertificateArn = "bridge:certificateArn";

    /// <summary>Bridge's own audience that subject tokens must carry. Default <c>&lt;issuer&gt;/token</c>.</summary>
    public const string Audience = "bridge:audience";

    /// <summary>
    /// Workload accounts and their STS issuers (required, at least one): a JSON object
    /// <c>{"111122223333": "https://&lt;uuid&gt;.tokens.sts.global.api.aws"}</c>, or <c>account=issuer,account=issuer</c>.
    /// </summary>
    public const string StsIssuers = "bridge:stsIssuers";

    /// <summary><c>Kms</c> (default) or <c>KmsEnvelope</c>.</summary>
    public const string KeyMode = "bridge:keyMode";

    /// <summary>KMS alias namespace (<c>alias/bridge/&lt;namespace&gt;/</c>). Default: trust domain and stage, '.' as '-'.</summary>
    public const string KeyNamespace = "bridge:keyNamespace";

    /// <summary><c>SelfSigned</c> (default) or <c>AcmPca</c>.</summary>
    public const string Upstream = "bridge:upstream";

    /// <summary>The AWS Private CA ARN; required when <see cref="Upstream"/> is <c>AcmPca</c>.</summary>
    public const string PcaArn = "bridge:pcaArn";

    /// <summary>Function architecture: <c>arm64</c> (default) or <c>x86_64</c>.</summary>
    public const string Architecture = "bridge:architecture";

    /// <summary>A directory holding a prebuilt <c>bootstrap</c>; when absent the app builds it from source.</summary>
    public const string BootstrapDir = "bridge:bootstrapDir";

    /// <summary>Steady-state request rate limit of the API stage (requests per second). Default 50.</summary>
    public const string ThrottleRate = "bridge:throttleRate";

    /// <summary>Burst limit of the API stage. Default 100.</summary>
    public const string ThrottleBurst = "bridge:throttleBurst";

    /// <summary>Minutes between rotation invocations (5–1440). Default 60.</summary>
    public const string RotationIntervalMinutes = "bridge:rotationIntervalMinutes";

    /// <summary>Optional SPIFFE ID for the example consumer role (deploys an IAM OIDC provider and a role).</summary>
    public const string ConsumerSpiffeId = "bridge:consumerSpiffeId";

    /// <summary>The JWT-SVID audience the example consumer trusts (the provider's client id). Default <c>sts.amazonaws.com</c>.</summary>
    public const string ConsumerAudience = "bridge:consumerAudience";

    /// <summary>
    /// Turns the aws_iid node attestor on: the accounts whose EC2 instances may attest (<c>111122223333,444455556666</c>
    /// or a JSON array), or <c>*</c> for every account.
    /// </summary>
    public const string AwsIidAccounts = "bridge:awsIidAccounts";

    /// <summary><c>true</c> to check each instance with EC2 DescribeInstances (grants <c>ec2:DescribeInstances</c>). Default false.</summary>
    public const string AwsIidDescribeInstances = "bridge:awsIidDescribeInstances";

    /// <summary>A role name to assume in each listed account for DescribeInstances (grants <c>sts:AssumeRole</c> on exactly those roles).</summary>
    public const string AwsIidAssumeRoleName = "bridge:awsIidAssumeRoleName";

    /// <summary>The oldest an instance's last launch or start may be, in hours (1–87600). Default: no bound.</summary>
    public const string AwsIidMaxInstanceAgeHours = "bridge:awsIidMaxInstanceAgeHours";
}

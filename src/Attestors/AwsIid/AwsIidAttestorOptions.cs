namespace Bridge.Attestors.AwsIid;

/// <summary>
/// Options of the <c>aws_iid</c> node attestor (configuration section <see cref="SectionName"/>). The signature rules
/// (docs/attestors/aws-iid.md) have no switch, and the trusted certificates are AWS's embedded table: no setting adds one.
/// </summary>
public sealed class AwsIidAttestorOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Bridge:NodeAttestors:AwsIid";

    /// <summary>Turns the attestor on. Off by default: nodes cannot attest with instance identity documents.</summary>
    public bool Enabled { get; set; }

    /// <summary>The AWS accounts (12 digits) whose instances may attest. Required unless <see cref="AllowAnyAccount"/>.</summary>
    public List<string> AllowedAccounts { get; set; } = [];

    /// <summary>
    /// Accepts instances of every AWS account, which must be said explicitly: anyone can launch an instance and get a
    /// genuine document, so without an account list the node-set selectors alone decide what a node may become.
    /// </summary>
    public bool AllowAnyAccount { get; set; }

    /// <summary>When set, refuses an instance whose last launch or start (<c>pendingTime</c>) is longer ago than this.</summary>
    public TimeSpan? MaxInstanceAge { get; set; }

    /// <summary>
    /// Calls EC2 <c>DescribeInstances</c> (IAM permission <c>ec2:DescribeInstances</c>) to require the instance to exist and
    /// be running, and to add the tag, security group, VPC, subnet and instance profile selectors.
    /// </summary>
    public bool DescribeInstances { get; set; }

    /// <summary>
    /// When set, <c>DescribeInstances</c> runs as the role of this name in the instance's own account
    /// (<c>arn:&lt;partition&gt;:iam::&lt;account&gt;:role/&lt;name&gt;</c>, assumed with STS <c>AssumeRole</c>), for
    /// instances in other accounts. Requires <see cref="DescribeInstances"/>.
    /// </summary>
    public string? AssumeRoleName { get; set; }

    /// <summary>How long one call to EC2 or STS may take before attestation answers "unavailable".</summary>
    public TimeSpan AwsCallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

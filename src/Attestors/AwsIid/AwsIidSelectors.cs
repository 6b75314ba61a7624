using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.AwsIid;

/// <summary>
/// The <c>aws_iid:…</c> node selectors, named after SPIRE's where SPIRE has them. <see cref="AwsIidNodeAttestor"/> emits
/// only these and <see cref="Vocabulary"/> lists exactly these, so tools that check node-set entries cannot drift from
/// what is emitted. The first six come from the signed document and cannot change while the instance lives; the rest
/// come from EC2 <c>DescribeInstances</c> (only when enabled) and are mutable EC2 state: whoever may call
/// <c>ec2:CreateTags</c> or change security groups on the instance can change them.
/// </summary>
public static class AwsIidSelectors
{
    /// <summary>The selector type.</summary>
    public const string Type = "aws_iid";

    /// <summary><c>account_id:&lt;12 digits&gt;</c> (document).</summary>
    public const string AccountId = "account_id:";

    /// <summary><c>region:&lt;region&gt;</c> (document).</summary>
    public const string Region = "region:";

    /// <summary><c>az:&lt;availability zone&gt;</c> (document).</summary>
    public const string AvailabilityZone = "az:";

    /// <summary><c>image:id:&lt;ami-…&gt;</c> (document).</summary>
    public const string ImageId = "image:id:";

    /// <summary><c>instance:id:&lt;i-…&gt;</c> (document).</summary>
    public const string InstanceId = "instance:id:";

    /// <summary><c>instance_type:&lt;type&gt;</c> (document).</summary>
    public const string InstanceType = "instance_type:";

    /// <summary><c>tag:&lt;key&gt;:&lt;value&gt;</c> (DescribeInstances; keys containing ':' are skipped, so the split is unambiguous).</summary>
    public const string Tag = "tag:";

    /// <summary><c>sg:id:&lt;sg-…&gt;</c> (DescribeInstances).</summary>
    public const string SecurityGroupId = "sg:id:";

    /// <summary><c>sg:name:&lt;name&gt;</c> (DescribeInstances).</summary>
    public const string SecurityGroupName = "sg:name:";

    /// <summary><c>vpc:id:&lt;vpc-…&gt;</c> (DescribeInstances).</summary>
    public const string VpcId = "vpc:id:";

    /// <summary><c>subnet:id:&lt;subnet-…&gt;</c> (DescribeInstances).</summary>
    public const string SubnetId = "subnet:id:";

    /// <summary><c>iam:instance_profile:&lt;instance profile ARN&gt;</c> (DescribeInstances).</summary>
    public const string InstanceProfile = "iam:instance_profile:";

    /// <summary>Every selector form this attestor emits.</summary>
    public static SelectorVocabulary Vocabulary { get; } = new(
        Type,
        [AccountId, Region, AvailabilityZone, ImageId, InstanceId, InstanceType, Tag, SecurityGroupId, SecurityGroupName, VpcId, SubnetId, InstanceProfile]);
}

namespace Bridge.Attestors.AwsIid;

/// <summary>The AWS partition of a Region, for the ARNs the attestor builds (instance ARN, role to assume).</summary>
internal static class AwsPartitions
{
    /// <summary>
    /// <c>aws-cn</c> for the China Regions, <c>aws-us-gov</c> for AWS GovCloud (US), <c>aws-eusc</c> for the AWS European
    /// Sovereign Cloud, else <c>aws</c>. Only Regions that passed <see cref="InstanceIdentityDocument"/>'s checks arrive here.
    /// </summary>
    public static string Of(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : region.StartsWith("eusc-", StringComparison.Ordinal) ? "aws-eusc"
        : "aws";
}

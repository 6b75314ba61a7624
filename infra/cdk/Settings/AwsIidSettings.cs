namespace Bridge.Infrastructure.Settings;

/// <summary>
/// The <c>aws_iid</c> node attestor of a stage (Bridge:NodeAttestors:AwsIid), on when <c>bridge:awsIidAccounts</c> is
/// set. Only what changes the function's IAM grants or its environment.
/// </summary>
public sealed record AwsIidSettings
{
    /// <summary>The accounts whose instances may attest, sorted; empty when <see cref="AllowAnyAccount"/>.</summary>
    public required IReadOnlyList<string> AllowedAccounts { get; init; }

    /// <summary>Every account may attest (<c>bridge:awsIidAccounts</c> = <c>*</c>).</summary>
    public bool AllowAnyAccount { get; init; }

    /// <summary>Calls <c>ec2:DescribeInstances</c> (granted only then).</summary>
    public bool DescribeInstances { get; init; }

    /// <summary>The role assumed in each allowed account to describe its instances (<c>sts:AssumeRole</c> on exactly those roles).</summary>
    public string? AssumeRoleName { get; init; }

    /// <summary>The oldest an instance's last start may be, in hours; null for no bound.</summary>
    public int? MaxInstanceAgeHours { get; init; }
}

namespace Bridge.Testing.Aws.Ec2;

/// <summary>An instance the fake EC2 endpoint describes.</summary>
public sealed record FakeEc2Instance
{
    public required string InstanceId { get; init; }

    /// <summary>The account owning the reservation.</summary>
    public string OwnerId { get; init; } = TestIidDocument.DefaultAccount;

    /// <summary><c>pending</c>, <c>running</c>, <c>stopping</c>, <c>stopped</c>, <c>shutting-down</c> or <c>terminated</c>.</summary>
    public string State { get; init; } = "running";

    public string ImageId { get; init; } = "ami-0abcdef1234567890";

    public string InstanceType { get; init; } = "t3.micro";

    public string? VpcId { get; init; } = "vpc-0a1b2c3d4e5f60718";

    public string? SubnetId { get; init; } = "subnet-0a1b2c3d4e5f60718";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Security groups as (id, name).</summary>
    public IReadOnlyList<(string Id, string Name)> SecurityGroups { get; init; } = [];

    public string? InstanceProfileArn { get; init; }
}

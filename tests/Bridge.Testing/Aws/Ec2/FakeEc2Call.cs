namespace Bridge.Testing.Aws.Ec2;

/// <summary>
/// One request the fake EC2 endpoint received, as it arrived: the Query action and version, the instance IDs asked for,
/// whether it carried a SigV4 <c>Authorization</c> header, and the access key and session token it was signed with
/// (which show whether assumed-role credentials were used).
/// </summary>
public sealed record FakeEc2Call(
    string? Action,
    string? Version,
    IReadOnlyList<string> InstanceIds,
    bool Signed,
    string? AccessKeyId,
    string? SecurityToken);

namespace Bridge.Attestors.Oidc;

/// <summary>A parsed ARN <c>arn:&lt;partition&gt;:&lt;service&gt;:&lt;region&gt;:&lt;account&gt;:&lt;resource&gt;</c>.</summary>
internal readonly record struct AwsArn(string Partition, string Service, string Region, string Account, string Resource)
{
    public static bool TryParse(string? value, out AwsArn arn)
    {
        arn = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var parts = value.Split(':', 6);
        if (parts.Length != 6 || !string.Equals(parts[0], "arn", StringComparison.Ordinal)
            || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
        {
            return false;
        }

        arn = new AwsArn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    public static bool IsAccountId(string? value) =>
        value is { Length: 12 } && value.All(char.IsAsciiDigit);

    /// <summary>The role name of an IAM role ARN (<c>role/&lt;path/&gt;Name</c>), else null.</summary>
    public string? RoleName =>
        string.Equals(Service, "iam", StringComparison.Ordinal) && Resource.StartsWith("role/", StringComparison.Ordinal)
            ? LastSegment(Resource, '/')
            : null;

    /// <summary>The function name of a Lambda ARN (<c>function:Name[:qualifier]</c>), else null.</summary>
    public string? FunctionName
    {
        get
        {
            if (!string.Equals(Service, "lambda", StringComparison.Ordinal) || !Resource.StartsWith("function:", StringComparison.Ordinal))
            {
                return null;
            }

            var rest = Resource["function:".Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? rest : rest[..colon];
            return name.Length == 0 ? null : name;
        }
    }

    /// <summary>The instance id of an EC2 instance ARN (<c>instance/i-…</c>), else null.</summary>
    public string? InstanceId =>
        string.Equals(Service, "ec2", StringComparison.Ordinal) && Resource.StartsWith("instance/", StringComparison.Ordinal)
            ? LastSegment(Resource, '/')
            : null;

    private static string? LastSegment(string value, char separator)
    {
        var segment = value[(value.LastIndexOf(separator) + 1)..];
        return segment.Length == 0 ? null : segment;
    }
}

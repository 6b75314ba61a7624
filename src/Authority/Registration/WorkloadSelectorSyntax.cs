using System.Text.RegularExpressions;
using Bridge.Abstractions.Attestation;

namespace Bridge.Authority.Registration;

/// <summary>
/// The syntax of each workload selector (<see cref="WorkloadSelectors"/>). Selectors compare ordinally, so each value
/// has one written form, the one the agent's attestors emit: <c>unix:uid:1000</c>, never <c>unix:uid:01000</c>;
/// <c>unix:path:/usr/bin/app</c>, never <c>/usr//bin/./app</c>. A value in another form could never match, so it is an
/// error rather than an entry that silently serves nobody.
/// </summary>
public static partial class WorkloadSelectorSyntax
{
    /// <summary>The longest <c>unix:path:</c> value (Linux's <c>PATH_MAX</c>).</summary>
    public const int MaxPathLength = 4096;

    /// <summary>The longest user or group name.</summary>
    public const int MaxNameLength = 256;

    /// <summary>
    /// Null when <paramref name="selector"/> is not a workload selector or is a well-formed one; otherwise what is wrong
    /// with it, for a message after <c>selectors[i]: </c> (the value itself is not repeated).
    /// </summary>
    public static string? Check(Selector selector)
    {
        if (string.IsNullOrEmpty(selector.Type) || string.IsNullOrEmpty(selector.Value))
        {
            return null;
        }

        return selector.Type switch
        {
            WorkloadSelectors.UnixType => CheckUnix(selector.Value),
            WorkloadSelectors.DockerType => CheckDocker(selector.Value),
            WorkloadSelectors.EcsType => CheckEcs(selector.Value),
            _ => null,
        };
    }

    private static string? CheckUnix(string value)
    {
        var key = value[..Math.Max(0, value.IndexOf(':', StringComparison.Ordinal))];
        if (TryRest(value, WorkloadSelectors.Uid, out var rest) || TryRest(value, WorkloadSelectors.Gid, out rest) || TryRest(value, WorkloadSelectors.SupplementaryGid, out rest))
        {
            return IsId(rest) ? null : $"unix:{key}: must be followed by a decimal number from 0 to {uint.MaxValue - 1} without leading zeros";
        }

        if (TryRest(value, WorkloadSelectors.User, out rest) || TryRest(value, WorkloadSelectors.Group, out rest) || TryRest(value, WorkloadSelectors.SupplementaryGroup, out rest))
        {
            // user → uid, group → gid, supplementary_group → supplementary_gid.
            var noun = key == "user" ? "user" : "group";
            if (rest.Length > 0 && rest.All(char.IsAsciiDigit))
            {
                return $"unix:{key}: names a {noun} by number; write unix:{(key == "user" ? "uid" : key[..^"roup".Length] + "id")}:{rest} instead";
            }

            return rest.Length <= MaxNameLength && UnixName().IsMatch(rest)
                ? null
                : $"unix:{key}: must be followed by a {noun} name: up to {MaxNameLength} letters, digits, '.', '_' or '-', not starting with '-', optionally ending in '$'";
        }

        if (TryRest(value, WorkloadSelectors.Path, out rest))
        {
            return CheckPath(rest);
        }

        if (TryRest(value, WorkloadSelectors.Sha256, out rest))
        {
            return Sha256Hex().IsMatch(rest) ? null : "unix:sha256: must be followed by 64 lowercase hexadecimal digits";
        }

        return $"not a unix selector Bridge knows (the forms are {string.Join(", ", WorkloadSelectors.Unix.Forms)})";
    }

    private static string? CheckDocker(string value)
    {
        if (TryRest(value, WorkloadSelectors.Label, out var rest))
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return "docker:label: must be followed by <key>:<value>";
            }

            var key = rest[..colon];
            if (key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                return "docker:label: the label key cannot contain spaces or control characters";
            }

            return rest[(colon + 1)..].Any(char.IsControl) ? "docker:label: the label value cannot contain control characters" : null;
        }

        if (TryRest(value, WorkloadSelectors.ImageId, out rest))
        {
            return rest.StartsWith("sha256:", StringComparison.Ordinal) && Sha256Hex().IsMatch(rest["sha256:".Length..])
                ? null
                : "docker:image_id: must be followed by the image's content ID, sha256:<64 lowercase hexadecimal digits> (a name or tag is not an ID)";
        }

        return $"not a docker selector Bridge knows (the forms are {string.Join(", ", WorkloadSelectors.Docker.Forms)})";
    }

    private static string? CheckEcs(string value)
    {
        if (TryRest(value, WorkloadSelectors.Cluster, out var rest))
        {
            return EcsClusterArn().IsMatch(rest)
                ? null
                : "ecs:cluster: must be followed by the cluster's ARN, arn:<partition>:ecs:<region>:<account>:cluster/<name> (the agent writes a short cluster name as its ARN)";
        }

        if (TryRest(value, WorkloadSelectors.TaskArn, out rest))
        {
            return EcsTaskArn().IsMatch(rest) ? null : "ecs:task_arn: must be followed by a task ARN, arn:<partition>:ecs:<region>:<account>:task/<cluster>/<task id>";
        }

        if (TryRest(value, WorkloadSelectors.TaskFamily, out rest) || TryRest(value, WorkloadSelectors.ContainerName, out rest))
        {
            return EcsName().IsMatch(rest) ? null : $"ecs:{value[..value.IndexOf(':', StringComparison.Ordinal)]}: must be followed by a name of up to 255 letters, digits, '_' or '-'";
        }

        if (TryRest(value, WorkloadSelectors.TaskDefinition, out rest))
        {
            return EcsTaskDefinition().IsMatch(rest)
                ? null
                : "ecs:task_definition: must be followed by <family>:<revision>, such as web:12 (revision a decimal number without leading zeros; use ecs:task_family: for any revision)";
        }

        return $"not an ecs selector Bridge knows (the forms are {string.Join(", ", WorkloadSelectors.Ecs.Forms)})";
    }

    private static string? CheckPath(string path)
    {
        if (!path.StartsWith('/') || path.Length == 1)
        {
            return "unix:path: must be followed by an absolute path to a file, such as /usr/bin/app";
        }

        if (path.Length > MaxPathLength)
        {
            return $"unix:path: the path must have at most {MaxPathLength} characters";
        }

        if (path.Any(char.IsControl))
        {
            return "unix:path: the path cannot contain control characters";
        }

        // The agent reports the resolved executable path, which has none of these; a path with them never matches.
        foreach (var segment in path[1..].Split('/'))
        {
            if (segment.Length == 0)
            {
                return "unix:path: the path cannot contain empty segments ('//') or end in '/'";
            }

            if (segment is "." or "..")
            {
                return "unix:path: the path cannot contain '.' or '..' segments";
            }
        }

        return null;
    }

    private static bool TryRest(string value, string prefix, out string rest)
    {
        rest = value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : string.Empty;
        return value.StartsWith(prefix, StringComparison.Ordinal);
    }

    // Canonical decimal (no sign, no leading zero) below uint.MaxValue, which is (uid_t)-1: no process runs as it.
    private static bool IsId(string text) =>
        text.Length is > 0 and <= 10
        && text.All(char.IsAsciiDigit)
        && (text == "0" || text[0] != '0')
        && ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture) < uint.MaxValue;

    [GeneratedRegex(@"^[a-f0-9]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    [GeneratedRegex(@"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EcsClusterArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task/([A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EcsTaskArn();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EcsName();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,255}:[1-9][0-9]{0,9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EcsTaskDefinition();

    [GeneratedRegex(@"^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnixName();
}

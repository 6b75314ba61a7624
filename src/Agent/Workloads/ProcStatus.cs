using System.Globalization;

namespace Bridge.Agent.Workloads;

/// <summary>The parts of <c>/proc/&lt;pid&gt;/status</c> the attestors use (proc(5)).</summary>
/// <param name="EffectiveUserId">The second value of the <c>Uid:</c> line (real, effective, saved, filesystem).</param>
/// <param name="EffectiveGroupId">The second value of the <c>Gid:</c> line.</param>
/// <param name="SupplementaryGroupIds">The <c>Groups:</c> line, in the kernel's order.</param>
internal sealed record ProcStatus(uint EffectiveUserId, uint EffectiveGroupId, IReadOnlyList<uint> SupplementaryGroupIds)
{
    /// <summary>The status, or null when a line is missing or malformed.</summary>
    public static ProcStatus? Parse(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        uint[]? uids = null, gids = null, groups = null;
        foreach (var line in status.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var values = line[(colon + 1)..];
            switch (line[..colon])
            {
                case "Uid":
                    uids = Numbers(values);
                    break;
                case "Gid":
                    gids = Numbers(values);
                    break;
                case "Groups":
                    groups = Numbers(values);
                    break;
            }
        }

        return uids is { Length: 4 } && gids is { Length: 4 } && groups is not null
            ? new ProcStatus(uids[1], gids[1], groups)
            : null;
    }

    private static uint[]? Numbers(string values)
    {
        var parts = values.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var numbers = new uint[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers;
    }
}

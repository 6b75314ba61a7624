using System.Globalization;

namespace Bridge.Agent.Workloads;

/// <summary>The parts of <c>/proc/&lt;pid&gt;/status</c> the attestors use (proc(5)).</summary>
/// <param name="EffectiveUserId">The second value of the <c>Uid:</c> line (real, effective, saved, filesystem).</param>
/// <param name="EffectiveGroupId">The second value of the <c>Gid:</c> line.</param>
/// <param name="SupplementaryGroupIds">The <c>Groups:</c> line, in the kernel's order.</param>
internal sealed record ProcStatus(uint EffectiveUserId, uint EffectiveGroupId, IReadOnlyList<uint> SupplementaryGroupIds)
{
    /// <summary>The status, or null when a line is missing or malformed.</summary>
    /// <remarks>
    /// Lines end at <c>\n</c> only: the process's self-chosen name is in this file, and a splitter that also ended
    /// lines at <c>\r</c> or U+2028 would let it forge a <c>Uid:</c> line. Read through spans: one Workload API call
    /// parses this file three times, and a string per line was most of what attestation allocated.
    /// </remarks>
    public static ProcStatus? Parse(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        uint[]? uids = null, gids = null, groups = null;
        var rest = status.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            var values = line[(colon + 1)..];
            if (key.SequenceEqual("Uid"))
            {
                uids = Numbers(values);
            }
            else if (key.SequenceEqual("Gid"))
            {
                gids = Numbers(values);
            }
            else if (key.SequenceEqual("Groups"))
            {
                groups = Numbers(values);
            }
        }

        return uids is { Length: 4 } && gids is { Length: 4 } && groups is not null
            ? new ProcStatus(uids[1], gids[1], groups)
            : null;
    }

    // Space- or tab-separated decimal numbers; null when any is not one.
    private static uint[]? Numbers(ReadOnlySpan<char> values)
    {
        // At most one number per two characters; a long Groups line (thousands of groups) goes to the heap, not the stack.
        var most = values.Length / 2 + 1;
        Span<Range> parts = most <= 128 ? stackalloc Range[most] : new Range[most];
        var count = 0;
        var start = -1;
        for (var i = 0; i <= values.Length; i++)
        {
            var separator = i == values.Length || values[i] is ' ' or '\t';
            if (separator && start >= 0)
            {
                parts[count++] = start..i;
                start = -1;
            }
            else if (!separator && start < 0)
            {
                start = i;
            }
        }

        var numbers = new uint[count];
        for (var i = 0; i < count; i++)
        {
            if (!uint.TryParse(values[parts[i]], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers;
    }
}

using System.Globalization;

namespace Bridge.Agent.Workloads;

/// <summary>Parses <c>/proc/&lt;pid&gt;/stat</c> (proc(5)).</summary>
internal static class ProcStat
{
    // Field 22 is starttime; fields 1 and 2 are the pid and "(comm)", so it is the 20th field after comm.
    private const int StartTimeIndexAfterComm = 22 - 3;

    /// <summary>The start time, or null when <paramref name="stat"/> is not a stat line.</summary>
    public static ulong? ParseStartTime(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);

        // comm is whatever the process named itself (up to 15 bytes): it may hold spaces and ')' — "(a) b)" is one
        // comm. The kernel writes no ')' after it, so the fields start after the LAST ')'.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return fields.Length > StartTimeIndexAfterComm
            && ulong.TryParse(fields[StartTimeIndexAfterComm], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime)
            ? startTime
            : null;
    }
}

using System.Diagnostics.CodeAnalysis;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// Reads the socket setting: the Workload Endpoint specification's <c>unix:///absolute/path</c> (scheme and path only,
/// no authority, query or fragment) or a plain absolute path. <c>tcp://</c> is refused with its own reason.
/// </summary>
internal static class WorkloadSocketAddress
{
    private const string UnixPrefix = "unix://";

    /// <summary>The absolute file system path of <paramref name="value"/>, or the reason it is refused.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? problem)
    {
        path = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = $"required, a Unix socket such as {WorkloadApiOptions.DefaultSocketPath} or an absolute path.";
            return false;
        }

        if (value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            problem = "tcp:// is not served: the agent identifies callers through the kernel, which only a Unix socket allows (use unix:///absolute/path).";
            return false;
        }

        var candidate = value;
        if (value.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // unix:///run/x.sock has an empty authority; unix://host/x would silently drop "host".
            candidate = value[UnixPrefix.Length..];
            if (!candidate.StartsWith('/'))
            {
                problem = "a unix URI must have no authority: unix:///absolute/path.";
                return false;
            }
        }
        else if (value.Contains("://", StringComparison.Ordinal))
        {
            problem = "only unix:///absolute/path or an absolute path is served.";
            return false;
        }

        if (candidate.IndexOfAny(['?', '#', '\0']) >= 0 || candidate.Contains('%', StringComparison.Ordinal))
        {
            problem = "must not carry a query, fragment, percent-encoding or NUL.";
            return false;
        }

        if (!Path.IsPathFullyQualified(candidate) || candidate.EndsWith('/') || candidate.Split('/').Any(s => s is "." or ".."))
        {
            problem = "must be absolute and normalized (no trailing slash, no . or ..).";
            return false;
        }

        path = candidate;
        problem = null;
        return true;
    }
}

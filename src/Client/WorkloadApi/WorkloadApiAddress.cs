using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Bridge.Client.WorkloadApi;

/// <summary>
/// Parses a Workload API address as the SPIFFE Workload Endpoint spec (§4) allows it: <c>unix:///absolute/path</c>
/// (no authority, only a path) or <c>tcp://IP:port</c> (the host an IP literal; no path, query, fragment or user
/// info). Anything else is refused rather than guessed at.
/// </summary>
internal static class WorkloadApiAddress
{
    public static bool TryParse(string? address, [NotNullWhen(true)] out EndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(address))
        {
            error = $"no address is set (set Address or {WorkloadApiOptions.EndpointSocketVariable})";
            return false;
        }

        if (address.AsSpan().IndexOfAny('?', '#') >= 0 || address.Any(char.IsWhiteSpace))
        {
            error = "the address must not contain a query, a fragment or white space";
            return false;
        }

        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return TryParseUnix(address["unix:".Length..], out endpoint, out error);
        }

        if (address.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return TryParseTcp(address["tcp://".Length..], out endpoint, out error);
        }

        error = "the address must start with unix:// or tcp://";
        return false;
    }

    private static bool TryParseUnix(string rest, [NotNullWhen(true)] out EndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;

        // unix:///path has an empty authority; unix:/path has none. unix://host/path names a host, which a socket path cannot.
        var path = rest.StartsWith("//", StringComparison.Ordinal) ? rest[2..] : rest;
        if (!path.StartsWith('/') || path.Length == 1)
        {
            error = "a unix address must be unix:///absolute/path (no host)";
            return false;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(path);
        }
        catch (UriFormatException)
        {
            error = "the unix socket path is not a valid URI path";
            return false;
        }

        if (decoded.Contains('\0', StringComparison.Ordinal))
        {
            error = "the unix socket path must not contain NUL";
            return false;
        }

        endpoint = new UnixDomainSocketEndPoint(decoded);
        error = null;
        return true;
    }

    private static bool TryParseTcp(string rest, [NotNullWhen(true)] out EndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        error = "a tcp address must be tcp://IP:port with an IP literal and nothing after the port";
        if (rest.Contains('/', StringComparison.Ordinal) || rest.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        // IPv6 needs brackets, so the port is always what follows the last colon after the host.
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || (rest[0] != '[' && rest.IndexOf(':', StringComparison.Ordinal) != colon))
        {
            return false;
        }

        var host = rest[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!IPAddress.TryParse(host, out var ip)
            || !ushort.TryParse(rest.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port == 0)
        {
            return false;
        }

        endpoint = new IPEndPoint(ip, port);
        error = null;
        return true;
    }
}

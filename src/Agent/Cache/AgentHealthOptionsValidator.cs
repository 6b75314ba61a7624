using System.Net;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Cache;

/// <summary>Validates <see cref="AgentHealthOptions"/> at start, naming the full key.</summary>
internal sealed class AgentHealthOptionsValidator : IValidateOptions<AgentHealthOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentHealthOptions options) =>
        string.IsNullOrEmpty(options.Listen) || TryParseListen(options.Listen, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{AgentHealthOptions.SectionName}:Listen: must be a loopback address and port such as 127.0.0.1:8788 or [::1]:8788 (or empty to switch the endpoint off).");

    /// <summary>Parses <c>address:port</c>; only a literal loopback address is accepted (no host names, no wildcard).</summary>
    internal static bool TryParseListen(string? listen, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (!IPEndPoint.TryParse(listen ?? string.Empty, out var parsed) || !IPAddress.IsLoopback(parsed.Address))
        {
            return false;
        }

        // IPEndPoint.TryParse takes a bare address as port 0; the port must be written out ("[::1]:8788", "127.0.0.1:8788").
        var hasPort = parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? listen!.StartsWith('[') && listen.Contains("]:", StringComparison.Ordinal)
            : listen!.Contains(':', StringComparison.Ordinal);
        if (!hasPort)
        {
            return false;
        }

        endpoint = parsed;
        return true;
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using Bridge.Client.DependencyInjection;
using Bridge.Client.Exchange;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Client.Sources;

/// <summary>The DI-registered <see cref="IJwtSvidSourceFactory"/>: sources live as long as the container.</summary>
internal sealed class JwtSvidSourceFactory : IJwtSvidSourceFactory
{
    private readonly ConcurrentDictionary<string, Lazy<JwtSvidSource>> _sources = new(StringComparer.Ordinal);
    private readonly BridgeExchangeClient _client;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshRetryInterval;
    private readonly ILogger<JwtSvidSource>? _logger;

    public JwtSvidSourceFactory(BridgeExchangeClient client, TimeProvider timeProvider, IOptions<BridgeClientOptions> options, ILogger<JwtSvidSource>? logger = null)
    {
        _client = client;
        _time = timeProvider;
        _refreshRetryInterval = options.Value.RefreshRetryInterval;
        _logger = logger;
    }

    public JwtSvidSource GetSource(IEnumerable<string> audiences, SpiffeId? spiffeId = null, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        string[] set = [.. audiences.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (set.Length is 0 or > 16 || set.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Between 1 and 16 non-blank audiences are required.", nameof(audiences));
        }

        // Audiences are opaque strings: the key separates them with a character a form-encoded value cannot hide.
        var key = string.Join('\n', set) + "\n#" + spiffeId + "\n#" + ttl?.Ticks.ToString(CultureInfo.InvariantCulture);
        return _sources.GetOrAdd(key, _ => new Lazy<JwtSvidSource>(() => new JwtSvidSource(
            _client, set, _time, spiffeId, ttl, _refreshRetryInterval, _logger))).Value;
    }
}

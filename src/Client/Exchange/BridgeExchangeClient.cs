using System.Globalization;
using System.Security.Cryptography;
using Bridge.Client.DependencyInjection;
using Bridge.Client.Evidence;
using Bridge.Protocol;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Client.Exchange;

/// <summary>
/// A typed <see cref="HttpClient"/> for Bridge's RFC 8693 <c>POST /token</c> (docs/token-exchange.md): asks for
/// JWT-SVIDs and X.509-SVIDs, retrying only what can succeed on a second try.
/// </summary>
public sealed partial class BridgeExchangeClient
{
    private readonly HttpClient _http;
    private readonly ISubjectTokenProvider _subjectTokens;
    private readonly BridgeClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _tokenEndpoint;

    /// <summary>Creates the client. <paramref name="http"/> may carry a base address; the options' one wins.</summary>
    public BridgeExchangeClient(
        HttpClient http,
        ISubjectTokenProvider subjectTokens,
        IOptions<BridgeClientOptions> options,
        TimeProvider timeProvider,
        ILogger<BridgeExchangeClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(subjectTokens);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _http = http;
        _subjectTokens = subjectTokens;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger ?? NullLogger<BridgeExchangeClient>.Instance;
        var baseAddress = _options.BaseAddress ?? http.BaseAddress
            ?? throw new InvalidOperationException("Bridge's base address is not configured.");
        _tokenEndpoint = new Uri(EnsureTrailingSlash(baseAddress), "token");
    }

    /// <summary>Asks for a JWT-SVID for <paramref name="audiences"/>.</summary>
    /// <param name="audiences">The <c>aud</c> values (1–16, none blank).</param>
    /// <param name="spiffeId">The SPIFFE ID wanted, when several registration entries apply to the caller.</param>
    /// <param name="ttl">An upper bound on the lifetime (whole seconds); Bridge may issue less.</param>
    /// <param name="cancellationToken">Cancels the exchange, retries included.</param>
    /// <exception cref="BridgeExchangeException">Bridge refused, stayed unavailable or was unreachable.</exception>
    public async Task<IssuedJwtSvid> RequestJwtSvidAsync(
        IReadOnlyCollection<string> audiences, SpiffeId? spiffeId = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        if (audiences.Count is 0 or > 16 || audiences.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Between 1 and 16 non-blank audiences are required.", nameof(audiences));
        }

        var fields = new List<KeyValuePair<string, string>> { new(TokenExchangeParameters.RequestedTokenType, TokenTypeUris.Jwt) };
        fields.AddRange(audiences.Select(a => new KeyValuePair<string, string>(TokenExchangeParameters.Audience, a)));
        AddOptional(fields, spiffeId, ttl);
        var (body, issuedAt) = await ExchangeAsync(fields, cancellationToken).ConfigureAwait(false);
        return ParseJwtSvid(body, [.. audiences], issuedAt);
    }

    /// <summary>Asks for an X.509-SVID for the key in <paramref name="csrDer"/> (a DER PKCS#10 request).</summary>
    /// <param name="csrDer">The certificate signing request; only its public key matters to Bridge.</param>
    /// <param name="spiffeId">The SPIFFE ID wanted, when several registration entries apply to the caller.</param>
    /// <param name="ttl">An upper bound on the lifetime (whole seconds); Bridge may issue less.</param>
    /// <param name="cancellationToken">Cancels the exchange, retries included.</param>
    /// <exception cref="BridgeExchangeException">Bridge refused, stayed unavailable, was unreachable or sent a chain that does not verify.</exception>
    public async Task<IssuedX509Svid> RequestX509SvidAsync(
        ReadOnlyMemory<byte> csrDer, SpiffeId? spiffeId = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        if (csrDer.IsEmpty)
        {
            throw new ArgumentException("The certificate signing request is empty.", nameof(csrDer));
        }

        var fields = new List<KeyValuePair<string, string>>
        {
            new(TokenExchangeParameters.RequestedTokenType, TokenTypeUris.X509Svid),
            new(TokenExchangeParameters.Csr, Convert.ToBase64String(csrDer.Span)),
        };
        AddOptional(fields, spiffeId, ttl);
        var (body, issuedAt) = await ExchangeAsync(fields, cancellationToken).ConfigureAwait(false);
        return ParseX509Svid(body, issuedAt, _time.GetUtcNow());
    }

    private static void AddOptional(List<KeyValuePair<string, string>> fields, SpiffeId? spiffeId, TimeSpan? ttl)
    {
        if (spiffeId is { } id)
        {
            if (id.IsZero)
            {
                throw new ArgumentException("The SPIFFE ID must not be zero.", nameof(spiffeId));
            }

            fields.Add(new(TokenExchangeParameters.Resource, id.ToString()));
        }

        if (ttl is { } lifetime)
        {
            var seconds = (long)lifetime.TotalSeconds;
            if (seconds < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ttl), "The requested lifetime must be at least one second.");
            }

            fields.Add(new(TokenExchangeParameters.Ttl, seconds.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static Uri EnsureTrailingSlash(Uri address) =>
        address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");

    /// <summary>Equal jitter (half fixed, half random) under an exponential ceiling, so clients do not retry in step.</summary>
    private TimeSpan Backoff(int retry)
    {
        var ceiling = _options.InitialBackoff.Ticks * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(ceiling, _options.MaxBackoff.Ticks);
        var half = (long)(capped / 2);
        return TimeSpan.FromTicks(half + RandomNumberGenerator.GetInt32(0, (int)Math.Min(int.MaxValue, Math.Max(1, half))));
    }
}

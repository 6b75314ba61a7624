using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.Testing.Oidc;

/// <summary>
/// An in-memory <see cref="HttpMessageHandler"/> serving OIDC discovery and JWKS documents for one or more fake
/// issuers, with key rotation, outages and fetch counters. No sockets are opened.
/// </summary>
public sealed class FakeOidcIssuer : HttpMessageHandler
{
    /// <summary>The discovery path appended to an issuer.</summary>
    public const string DiscoveryPath = "/.well-known/openid-configuration";

    private readonly ConcurrentDictionary<string, Endpoint> _byDiscovery = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Endpoint> _byJwks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Uri> _requests = new();

    /// <summary>Every requested URI, in order.</summary>
    public IReadOnlyCollection<Uri> Requests => _requests;

    /// <summary>Serves <paramref name="issuer"/> with <paramref name="keys"/> in its JWKS.</summary>
    public Endpoint AddIssuer(string issuer, params OidcTestKey[] keys)
    {
        var endpoint = new Endpoint(issuer);
        foreach (var key in keys)
        {
            endpoint.Keys.Add(key.ToJwk());
        }

        _byDiscovery[endpoint.DiscoveryAddress] = endpoint;
        _byJwks[endpoint.JwksAddress] = endpoint;
        return endpoint;
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var uri = request.RequestUri!;
        _requests.Enqueue(uri);
        var address = uri.GetLeftPart(UriPartial.Path);
        if (_byDiscovery.TryGetValue(address, out var endpoint))
        {
            Interlocked.Increment(ref endpoint.DiscoveryFetchCountField);
            return Task.FromResult(endpoint.Unavailable ? Status(HttpStatusCode.ServiceUnavailable) : Json(endpoint.DiscoveryDocument()));
        }

        if (_byJwks.TryGetValue(address, out endpoint))
        {
            Interlocked.Increment(ref endpoint.JwksFetchCountField);
            return Task.FromResult(endpoint.Unavailable ? Status(HttpStatusCode.ServiceUnavailable) : Json(endpoint.JwksDocument()));
        }

        return Task.FromResult(Status(HttpStatusCode.NotFound));
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent(string.Empty) };

    /// <summary>One fake issuer: its published keys and counters.</summary>
    public sealed class Endpoint
    {
        internal int JwksFetchCountField;
        internal int DiscoveryFetchCountField;
        private readonly Lock _lock = new();

        internal Endpoint(string issuer)
        {
            Issuer = issuer;
            DiscoveryAddress = issuer.TrimEnd('/') + DiscoveryPath;
            JwksAddress = issuer.TrimEnd('/') + "/jwks";
        }

        /// <summary>The issuer identifier.</summary>
        public string Issuer { get; }

        /// <summary>Where discovery is served.</summary>
        public string DiscoveryAddress { get; }

        /// <summary>Where the JWKS is served (unless <see cref="JwksUriOverride"/> is set).</summary>
        public string JwksAddress { get; }

        /// <summary>The published JWKs; edit to rotate keys.</summary>
        public List<JsonObject> Keys { get; } = [];

        /// <summary>When set, discovery names this issuer instead of <see cref="Issuer"/> (mix-up tests).</summary>
        public string? DiscoveryIssuerOverride { get; set; }

        /// <summary>When set, discovery names this <c>jwks_uri</c>.</summary>
        public string? JwksUriOverride { get; set; }

        /// <summary>When true, every request answers 503.</summary>
        public bool Unavailable { get; set; }

        /// <summary>How many times the JWKS was requested.</summary>
        public int JwksFetchCount => Volatile.Read(ref JwksFetchCountField);

        /// <summary>How many times the discovery document was requested.</summary>
        public int DiscoveryFetchCount => Volatile.Read(ref DiscoveryFetchCountField);

        /// <summary>Publishes <paramref name="key"/> in addition to the current keys.</summary>
        public void AddKey(OidcTestKey key)
        {
            lock (_lock)
            {
                Keys.Add(key.ToJwk());
            }
        }

        /// <summary>Replaces every published key with <paramref name="key"/>.</summary>
        public void RotateTo(OidcTestKey key)
        {
            lock (_lock)
            {
                Keys.Clear();
                Keys.Add(key.ToJwk());
            }
        }

        internal string DiscoveryDocument() => new JsonObject
        {
            ["issuer"] = DiscoveryIssuerOverride ?? Issuer,
            ["jwks_uri"] = JwksUriOverride ?? JwksAddress,
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "ES256", "ES384"),
        }.ToJsonString();

        internal string JwksDocument()
        {
            lock (_lock)
            {
                var keys = new JsonArray();
                foreach (var key in Keys)
                {
                    keys.Add(key.DeepClone());
                }

                return new JsonObject { ["keys"] = keys }.ToJsonString();
            }
        }
    }
}

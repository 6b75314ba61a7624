using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Jose;
using Bridge.Attestors.Oidc.Profiles;
using Bridge.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Attestors.Oidc;

/// <summary>
/// Verifies OIDC JWTs (AWS STS <c>GetWebIdentityToken</c>, EKS service-account tokens, any OIDC issuer) against the
/// configured issuers and returns their verified claims as selectors. It never throws for bad evidence and never signs.
/// </summary>
public sealed partial class OidcJwtAttestor : IAttestor, IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> used to fetch issuer metadata and keys.</summary>
    public const string HttpClientName = "Bridge.Attestors.Oidc";

    private static readonly JsonWebTokenHandler TokenHandler = new() { MapInboundClaims = false };

    private readonly Dictionary<string, OidcIssuer> _issuers;
    private readonly string _audience;
    private readonly int _maxTokenSize;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the attestor with the named <see cref="HttpClient"/> <see cref="HttpClientName"/>.</summary>
    public OidcJwtAttestor(
        IOptions<OidcAttestorOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<OidcJwtAttestor> logger)
        : this(options, CreateClient(httpClientFactory), timeProvider, logger)
    {
    }

    /// <summary>Creates the attestor fetching metadata through <paramref name="httpMessageHandler"/> (tests, custom stacks).</summary>
    public OidcJwtAttestor(
        IOptions<OidcAttestorOptions> options,
        HttpMessageHandler httpMessageHandler,
        TimeProvider timeProvider,
        ILogger<OidcJwtAttestor> logger)
        : this(options, CreateClient(httpMessageHandler), timeProvider, logger)
    {
    }

    private OidcJwtAttestor(
        IOptions<OidcAttestorOptions> options,
        HttpClient httpClient,
        TimeProvider timeProvider,
        ILogger<OidcJwtAttestor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var value = options.Value;
        var validation = new OidcAttestorOptionsValidator().Validate(null, value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(OidcAttestorOptions), typeof(OidcAttestorOptions), validation.Failures);
        }

        _audience = value.Audience;
        _maxTokenSize = value.MaxTokenSize;
        _timeProvider = timeProvider;
        _logger = logger;
        _issuers = new Dictionary<string, OidcIssuer>(StringComparer.Ordinal);
        foreach (var issuerOptions in value.Issuers)
        {
            var manager = new OidcIssuerConfigurationManager(
                issuerOptions.Issuer,
                OidcIssuer.MetadataAddressFor(issuerOptions),
                new OidcDocumentRetriever(httpClient, issuerOptions.AllowInsecureLoopbackHttp),
                issuerOptions.RefreshInterval,
                issuerOptions.AutomaticRefreshInterval,
                timeProvider,
                logger);
            _issuers.Add(issuerOptions.Issuer, new OidcIssuer(issuerOptions, manager));
        }
    }

    /// <inheritdoc/>
    public string Name => "oidc";

    /// <inheritdoc/>
    public IReadOnlyCollection<string> SubjectTokenTypes { get; } = [TokenTypeUris.Jwt, TokenTypeUris.IdToken];

    /// <inheritdoc/>
    public async ValueTask<AttestationResult> AttestAsync(AttestationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!SubjectTokenTypes.Contains(request.SubjectTokenType, StringComparer.Ordinal))
        {
            return Fail(AttestationFailureKind.UnsupportedTokenType, null, "unsupported subject_token_type");
        }

        if (!CompactJws.TryParse(request.SubjectToken, _maxTokenSize, out var jws, out var failure, out var detail))
        {
            return Fail(failure, null, detail);
        }

        using (jws)
        {
            if (jws.Issuer is null || !_issuers.TryGetValue(jws.Issuer, out var issuer))
            {
                return Fail(AttestationFailureKind.UntrustedIssuer, null, "iss is not a configured issuer");
            }

            return await AttestAsync(request.SubjectToken, jws, issuer, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var issuer in _issuers.Values)
        {
            issuer.Dispose();
        }
    }

    private async ValueTask<AttestationResult> AttestAsync(string token, CompactJws jws, OidcIssuer issuer, CancellationToken cancellationToken)
    {
        if (!issuer.AllowedAlgorithms.Contains(jws.Algorithm, StringComparer.Ordinal))
        {
            return Fail(AttestationFailureKind.InvalidSignature, issuer, "alg is not allowed for this issuer");
        }

        if (string.IsNullOrEmpty(jws.KeyId))
        {
            return Fail(AttestationFailureKind.InvalidSignature, issuer, "the token has no kid");
        }

        var keys = await ResolveKeysAsync(jws, issuer, cancellationToken).ConfigureAwait(false);
        if (keys.Failure is { } keyFailure)
        {
            return Fail(keyFailure, issuer, keys.Detail);
        }

        var validation = await ValidateAsync(token, jws, issuer, keys.Keys).ConfigureAwait(false);
        if (validation is { } validationFailure)
        {
            return Fail(validationFailure.Kind, issuer, validationFailure.Detail);
        }

        var payload = jws.Payload.RootElement;
        var subject = SelectorSetBuilder.GetString(payload, "sub");
        if (string.IsNullOrEmpty(subject))
        {
            return Fail(AttestationFailureKind.PolicyDenied, issuer, "sub is missing");
        }

        var mapping = issuer.Profile switch
        {
            OidcIssuerProfile.AwsSts => AwsStsClaimsMapper.Map(payload, subject, issuer),
            OidcIssuerProfile.Eks => EksClaimsMapper.Map(payload, subject),
            _ => GenericClaimsMapper.Map(payload, subject, issuer),
        };
        if (mapping.DeniedReason is not null)
        {
            return Fail(AttestationFailureKind.PolicyDenied, issuer, mapping.DeniedReason);
        }

        if (ReadNumericDate(payload, "exp") is not { } expiresAt)
        {
            // The handler accepted exp, but it is outside the range a replay record can hold: fail closed.
            return Fail(AttestationFailureKind.Malformed, issuer, "exp is out of range");
        }

        var identity = new AttestedIdentity
        {
            Attestor = issuer.Name,
            Issuer = issuer.Issuer,
            Subject = subject,
            Selectors = mapping.Selectors,
            TemplateValues = mapping.TemplateValues,
            ExpiresAt = expiresAt,
            ReplayKey = ReplayKeyFor(token, issuer, payload),
            ReplayPolicy = issuer.ReplayPolicy,
        };
        Log.AttestationSucceeded(_logger, issuer.Name, issuer.Issuer);
        return AttestationResult.Success(identity);
    }

    private async ValueTask<KeyResolution> ResolveKeysAsync(CompactJws jws, OidcIssuer issuer, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await issuer.Configuration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!HasKeyId(configuration, jws.KeyId!))
            {
                // An unknown kid may mean the issuer rotated its keys: refetch, but at most once per RefreshInterval so
                // a flood of made-up kids cannot turn Bridge into an amplifier against the issuer.
                if (!issuer.Configuration.TryRequestRefresh())
                {
                    Log.KeyRefreshSuppressed(_logger, issuer.Issuer);
                    return KeyResolution.Failed(AttestationFailureKind.InvalidSignature, "unknown kid (refresh rate-limited)");
                }

                Log.KeyRefreshForced(_logger, issuer.Issuer);
                configuration = await issuer.Configuration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
                if (!HasKeyId(configuration, jws.KeyId!))
                {
                    return issuer.Configuration.LastFetchFailed
                        ? KeyResolution.Failed(AttestationFailureKind.Unavailable, "unknown kid and the key refresh failed")
                        : KeyResolution.Failed(AttestationFailureKind.InvalidSignature, "unknown kid");
                }
            }
        }
        catch (OidcMetadataUnavailableException)
        {
            return KeyResolution.Failed(AttestationFailureKind.Unavailable, "issuer metadata unavailable");
        }

        var keys = configuration.JsonWebKeySet.Keys
            .Where(k => string.Equals(k.Kid, jws.KeyId, StringComparison.Ordinal) && OidcAlgorithms.IsKeyCompatible(jws.Algorithm, k))
            .ToArray();
        return keys.Length == 0
            ? KeyResolution.Failed(AttestationFailureKind.InvalidSignature, "the key named by kid does not fit alg")
            : KeyResolution.Found(keys);
    }

    private static bool HasKeyId(OpenIdConnectConfiguration configuration, string keyId) =>
        configuration.JsonWebKeySet?.Keys.Any(k => string.Equals(k.Kid, keyId, StringComparison.Ordinal)) == true;

    /// <summary>
    /// The issuer's <c>jti</c> when it sets one; otherwise a hash of exactly what the issuer signed (the JWS signing
    /// input <c>header.payload</c>). Never a hash of the signature: a holder can re-encode a valid signature without the
    /// key (ECDSA's s → n − s is valid too), and a key over the whole token would let one token be exchanged twice.
    /// </summary>
    private static string ReplayKeyFor(string token, OidcIssuer issuer, JsonElement payload)
    {
        var jti = SelectorSetBuilder.GetString(payload, "jti");
        if (!string.IsNullOrEmpty(jti))
        {
            return "jti:" + issuer.Issuer + "#" + jti;
        }

        // CompactJws accepted exactly three segments, so the last dot ends the signing input.
        var signingInput = Encoding.UTF8.GetBytes(token, 0, token.LastIndexOf('.'));
        return "signed:" + issuer.Issuer + "#" + Convert.ToHexStringLower(SHA256.HashData(signingInput));
    }

    private AttestationResult Fail(AttestationFailureKind kind, OidcIssuer? issuer, string? detail)
    {
        // Only a configured (trusted) issuer string is logged; an unverified iss could carry anything.
        Log.AttestationFailed(_logger, kind, issuer?.Name ?? "(none)", detail ?? string.Empty);
        return AttestationResult.Failure(kind, detail);
    }

    private static HttpClient CreateClient(IHttpClientFactory httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        return httpClientFactory.CreateClient(HttpClientName);
    }

    private static HttpClient CreateClient(HttpMessageHandler httpMessageHandler)
    {
        ArgumentNullException.ThrowIfNull(httpMessageHandler);
        return new HttpClient(httpMessageHandler, disposeHandler: false)
        {
            Timeout = Microsoft.Extensions.DependencyInjection.OidcAttestorServiceCollectionExtensions.MetadataFetchTimeout,
            MaxResponseContentBufferSize = Microsoft.Extensions.DependencyInjection.OidcAttestorServiceCollectionExtensions.MaxMetadataDocumentSize,
        };
    }

    private readonly record struct KeyResolution(JsonWebKey[] Keys, AttestationFailureKind? Failure, string? Detail)
    {
        public static KeyResolution Found(JsonWebKey[] keys) => new(keys, null, null);

        public static KeyResolution Failed(AttestationFailureKind kind, string detail) => new([], kind, detail);
    }
}

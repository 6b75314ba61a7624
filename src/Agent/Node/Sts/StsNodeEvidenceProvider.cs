using System.Buffers;
using System.Text.Json;
using Bridge.Agent.Hosting;
using Bridge.Client.Evidence;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node.Sts;

/// <summary>
/// The <c>aws_sts</c> node evidence for ECS Fargate, which has no instance metadata service: a fresh STS
/// <c>GetWebIdentityToken</c> JWT (RS256) requested with the task role's credentials (the SDK's default chain, which on
/// ECS reads <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>) for the exchange's audience, sent as
/// <c>{"token": "…"}</c>. The server spends each token once and makes every attestation a new node, so there is nothing
/// to add for a re-attestation: a new token is a new attestation.
/// </summary>
public sealed class StsNodeEvidenceProvider : INodeEvidenceProvider
{
    /// <summary>The server's node attestor for this evidence.</summary>
    public const string Name = "aws_sts";

    private const string SigningAlgorithm = StsWebIdentityTokenOptions.Rs256;

    private readonly IStsWebIdentityTokenClient _sts;
    private readonly string _audience;
    private readonly string _region;
    private readonly TimeSpan _lifetime;
    private readonly ILogger _logger;

    /// <summary>A provider asking <paramref name="sts"/> for tokens as <paramref name="options"/> say.</summary>
    public StsNodeEvidenceProvider(
        IStsWebIdentityTokenClient sts,
        IOptions<StsNodeEvidenceOptions> options,
        IOptions<AgentOptions> agent,
        ILogger<StsNodeEvidenceProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(logger);
        _sts = sts;
        _audience = ResolveAudience(options.Value, agent.Value)
            ?? throw new InvalidOperationException($"{StsNodeEvidenceOptions.SectionName}:Audience is not set and BridgeAgent:ServerUrl is missing.");
        _region = ResolveRegion(options.Value) ?? "(endpoint)";
        _lifetime = options.Value.TokenLifetime;
        _logger = logger;
    }

    /// <inheritdoc/>
    public string AttestorName => Name;

    /// <inheritdoc/>
    public async ValueTask<NodeEvidence> GetEvidenceAsync(bool reattesting, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = await _sts.GetWebIdentityTokenAsync(_audience, SigningAlgorithm, (int)_lifetime.TotalSeconds, cancellationToken).ConfigureAwait(false);
        }
        catch (StsWebIdentityTokenException ex)
        {
            // The message names the STS error code and HTTP status, never a credential or token.
            StsNodeEvidenceLog.TokenFailed(_logger, _region, ex.ErrorCode ?? "no answer", ex.Message);
            throw new NodeEvidenceException("STS GetWebIdentityToken did not issue the node's token: " + (ex.ErrorCode ?? ex.Message), ex);
        }

        StsNodeEvidenceLog.TokenIssued(_logger, _region, _lifetime);
        return new NodeEvidence(Evidence(token), WebIdentityToken: null);
    }

    /// <summary>The Region setting, else the environment's <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>; null when none.</summary>
    internal static string? ResolveRegion(StsNodeEvidenceOptions options) =>
        NonEmpty(options.Region)
        ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"))
        ?? NonEmpty(Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));

    /// <summary>The Audience setting, else <c>&lt;ServerUrl&gt;/token</c>; null when neither is known.</summary>
    internal static string? ResolveAudience(StsNodeEvidenceOptions options, AgentOptions agent) =>
        NonEmpty(options.Audience)
        ?? (agent.ServerUrl is { IsAbsoluteUri: true } url ? url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/token" : null);

    /// <summary><c>{"token":"…"}</c> in UTF-8, written without reflection.</summary>
    private static ReadOnlyMemory<byte> Evidence(string token)
    {
        var buffer = new ArrayBufferWriter<byte>(token.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("token", token);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

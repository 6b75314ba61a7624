using System.Text;
using System.Text.Json;
using Bridge.Authority.Agents;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Protocol;
using Bridge.ExchangeFunction.Serialization;
using Bridge.Protocol.Agents;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Endpoints.Agents;

/// <summary>
/// <c>POST /agent/v1/attest</c> and <c>POST /agent/v1/renew</c>: HTTP to <see cref="AgentIdentityService"/> and back,
/// nothing more (docs/agent-api.md).
/// </summary>
internal static class AgentIdentityEndpoints
{
    public const string AttestPath = "/attest";
    public const string RenewPath = "/renew";

    /// <summary>Node attestation is refused without saying why: a prober learns nothing about which check failed.</summary>
    public static readonly OAuthError AttestationRejected = new("invalid_request", "The attestation evidence is invalid or not acceptable.", 400);

    /// <summary>The node already attested and this is no safe re-attestation, or the node is banned.</summary>
    public static readonly OAuthError AttestationRefused = new("access_denied", "The node may not attest again; an operator must evict it first.", 403);

    /// <summary>An attestor name no node attestor has.</summary>
    public static readonly OAuthError UnsupportedAttestor = new("invalid_request", "The node attestor is not supported.", 400);

    public static void MapAgentAttestation(this RouteGroupBuilder api) => api.MapPost(AttestPath, AttestAsync);

    public static void MapAgentRenewal(this RouteGroupBuilder authenticated) => authenticated.MapPost(RenewPath, RenewAsync);

    private static async Task<IResult> AttestAsync(
        HttpContext context, AgentIdentityService agents, IOptions<ExchangeFunctionOptions> options)
    {
        context.Response.Headers.CacheControl = "no-store";
        var (body, error) = await AgentJson.ReadAsync(context, options.Value.MaxRequestBodyBytes, BridgeJsonContext.Default.AgentAttestationBody);
        if (body is null)
        {
            return AgentApiErrors.Result(context, error!);
        }

        if (body.Attestor is not { Length: > 0 } attestor || body.Evidence.ValueKind != JsonValueKind.Object
            || body.Csr is null || body.WebIdentityToken is { Length: 0 })
        {
            return AgentApiErrors.Result(context, OAuthError.MalformedRequest);
        }

        if (!TokenExchangeFormParser.TryDecodeCsr(body.Csr, out var csr))
        {
            return AgentApiErrors.Result(context, OAuthError.InvalidCertificateRequest);
        }

        // The attestor gets the evidence object as the agent wrote it, not a re-serialised copy.
        var evidence = Encoding.UTF8.GetBytes(body.Evidence.GetRawText());
        var result = await agents.AttestAsync(new AgentAttestationRequest(attestor, evidence, csr, body.WebIdentityToken), context.RequestAborted);
        return Answer(context, result);
    }

    private static async Task<IResult> RenewAsync(
        HttpContext context, AgentIdentityService agents, IOptions<ExchangeFunctionOptions> options)
    {
        var (body, error) = await AgentJson.ReadAsync(context, options.Value.MaxRequestBodyBytes, BridgeJsonContext.Default.AgentRenewalBody);
        if (body is null)
        {
            return AgentApiErrors.Result(context, error!);
        }

        if (body.Csr is null)
        {
            return AgentApiErrors.Result(context, OAuthError.MalformedRequest);
        }

        if (!TokenExchangeFormParser.TryDecodeCsr(body.Csr, out var csr))
        {
            return AgentApiErrors.Result(context, OAuthError.InvalidCertificateRequest);
        }

        var result = await agents.RenewAsync(context.GetAgent(), csr, context.RequestAborted);
        return Answer(context, result);
    }

    private static IResult Answer(HttpContext context, AgentIdentityResult result)
    {
        if (!result.Succeeded)
        {
            return AgentApiErrors.Result(context, result.Failure switch
            {
                AgentIdentityFailure.UnknownAttestor => UnsupportedAttestor,
                AgentIdentityFailure.EvidenceRejected => AttestationRejected,
                AgentIdentityFailure.InvalidCertificateRequest => OAuthError.InvalidCertificateRequest,
                AgentIdentityFailure.AlreadyAttested => AttestationRefused,
                AgentIdentityFailure.Banned => AgentApiErrors.AccessDenied,
                AgentIdentityFailure.Unavailable or AgentIdentityFailure.Conflict => OAuthError.TemporarilyUnavailable,
                _ => OAuthError.ServerError,
            });
        }

        var svid = result.Svid;
        return Results.Json(
            new AgentSvidResponse
            {
                SpiffeId = result.Node.AgentId.ToString(),
                CertificateChain = [Convert.ToBase64String(svid.LeafDer.Span), .. svid.Intermediates.Select(c => Convert.ToBase64String(c.RawData))],
                ExpiresAt = svid.ExpiresAt.ToUnixTimeSeconds(),
                TrustBundle = [.. svid.TrustAnchors.Select(c => Convert.ToBase64String(c.RawData))],
            },
            BridgeJsonContext.Default.AgentSvidResponse);
    }
}

using System.Text.Json;
using Bridge.Authority.Agents;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Protocol;
using Bridge.ExchangeFunction.Serialization;
using Bridge.Protocol.Agents;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bridge.ExchangeFunction.Endpoints.Agents;

/// <summary>
/// The workload routes of the agent API (docs/agent-api.md, "Workload entries and SVIDs"): the sync of the caller's
/// authorized entries and SVIDs for them. HTTP to <see cref="AgentSvidService"/> and back, nothing more; the caller is
/// the node record the authentication filter established.
/// </summary>
internal static class AgentWorkloadEndpoints
{
    /// <summary>The largest X.509-SVID batch body: 50 requests with RSA-8192 CSRs fit with room to spare.</summary>
    public const int MaxX509BatchBodyBytes = 512 * 1024;


    public static void MapAgentWorkloadRoutes(this RouteGroupBuilder authenticated)
    {
        authenticated.MapGet("/entries", GetEntriesAsync);
        authenticated.MapPost("/x509-svids", PostX509SvidsAsync);
        authenticated.MapPost("/jwt-svids", PostJwtSvidAsync);
    }

    private static async Task<IResult> GetEntriesAsync(HttpContext context, AgentSvidService svids)
    {
        if (context.Request.QueryString is { HasValue: true, Value: not "?" })
        {
            return AgentApiErrors.Result(context, OAuthError.MalformedRequest);
        }

        var agent = context.GetAgent();
        var result = await svids.SyncAsync(agent, context.RequestAborted);
        if (!result.Succeeded)
        {
            return AgentApiErrors.Result(context, AgentApiErrors.From(result.Failure));
        }

        var sync = result.Value;
        var etag = new EntityTagHeaderValue('"' + sync.Revision + '"');
        context.Response.Headers.ETag = etag.ToString();
        if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var tags)
            && tags.Any(tag => tag.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        using var bundle = JsonDocument.Parse(sync.BundleDocument);
        return Results.Json(
            new AgentEntriesResponse
            {
                Revision = sync.Revision,
                Entries = [.. sync.Entries.Select(ToDocument)],
                TrustDomain = agent.AgentId.TrustDomain.ToString(),
                Bundle = bundle.RootElement.Clone(),
            },
            AgentApiJsonContext.Default.AgentEntriesResponse);
    }

    private static async Task<IResult> PostX509SvidsAsync(HttpContext context, AgentSvidService svids)
    {
        var (request, error) = await AgentJson.ReadAsync(context, MaxX509BatchBodyBytes, AgentApiJsonContext.Default.AgentX509SvidBatchRequest);
        if (request is null)
        {
            return AgentApiErrors.Result(context, error!);
        }

        if (request.Requests.Count is 0 or > AgentSvidService.MaxX509BatchSize || request.Requests.Any(r => r is null))
        {
            return AgentApiErrors.Result(context, OAuthError.MalformedRequest);
        }

        var batch = request.Requests.Select(r => new AgentX509SvidRequest(r.EntryId, r.Csr)).ToList();
        var result = await svids.MintX509SvidsAsync(context.GetAgent(), batch, context.RequestAborted);
        if (!result.Succeeded)
        {
            return AgentApiErrors.Result(context, AgentApiErrors.From(result.Failure));
        }

        return Results.Json(
            new AgentX509SvidBatchResponse
            {
                Svids = [.. result.Value.Select(issued => new AgentX509SvidDocument
                {
                    EntryId = issued.Entry.Entry.Id,
                    SpiffeId = issued.Entry.SpiffeId.ToString(),
                    Chain = [Convert.ToBase64String(issued.Svid.LeafDer.Span), .. issued.Svid.Intermediates.Select(c => Convert.ToBase64String(c.RawData))],
                    ExpiresAt = issued.Svid.ExpiresAt,
                    Hint = issued.Entry.Entry.Hint,
                })],
            },
            AgentApiJsonContext.Default.AgentX509SvidBatchResponse);
    }

    private static async Task<IResult> PostJwtSvidAsync(HttpContext context, AgentSvidService svids, IOptions<ExchangeFunctionOptions> options)
    {
        var (request, error) = await AgentJson.ReadAsync(context, options.Value.MaxRequestBodyBytes, AgentApiJsonContext.Default.AgentJwtSvidRequest);
        if (request is null)
        {
            return AgentApiErrors.Result(context, error!);
        }

        // The audience rule of /token: bounded count and length, none blank or repeated.
        if (!TokenExchangeFormParser.TryAudiences(new([.. request.Audience]), out var audiences))
        {
            return AgentApiErrors.Result(context, OAuthError.MalformedRequest);
        }

        var result = await svids.MintJwtSvidAsync(context.GetAgent(), request.EntryId, audiences, context.RequestAborted);
        if (!result.Succeeded)
        {
            return AgentApiErrors.Result(context, AgentApiErrors.From(result.Failure));
        }

        var issued = result.Value;
        return Results.Json(
            new AgentJwtSvidResponse
            {
                EntryId = issued.Entry.Entry.Id,
                SpiffeId = issued.Entry.SpiffeId.ToString(),
                Token = issued.Svid.Token,
                ExpiresAt = issued.Svid.ExpiresAt,
                Hint = issued.Entry.Entry.Hint,
            },
            AgentApiJsonContext.Default.AgentJwtSvidResponse);
    }

    private static AgentEntryDocument ToDocument(AuthorizedEntry authorized)
    {
        var entry = authorized.Entry;
        return new AgentEntryDocument
        {
            Id = entry.Id,
            SpiffeId = authorized.SpiffeId.ToString(),
            ParentId = entry.ParentId.ToString(),
            Selectors = [.. entry.Selectors.Select(s => s.ToString())],
            X509SvidTtlSeconds = entry.X509SvidTtl is { } x509 ? (long)x509.TotalSeconds : null,
            JwtSvidTtlSeconds = entry.JwtSvidTtl is { } jwt ? (long)jwt.TotalSeconds : null,
            Audiences = entry.Audiences,
            DnsNames = entry.DnsNames,
            Hint = entry.Hint,
            ExpiresAt = entry.ExpiresAt,
        };
    }
}

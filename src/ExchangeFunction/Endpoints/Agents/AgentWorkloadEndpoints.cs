using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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

    private const string JsonContentType = "application/json";

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
        var (request, error) = await ReadJsonAsync(context, MaxX509BatchBodyBytes, AgentApiJsonContext.Default.AgentX509SvidBatchRequest);
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
        var (request, error) = await ReadJsonAsync(context, options.Value.MaxRequestBodyBytes, AgentApiJsonContext.Default.AgentJwtSvidRequest);
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

    /// <summary>A strict JSON body (<see cref="AgentApiJsonContext"/>) read with a hard size cap; any fault in it is a 4xx.</summary>
    private static async Task<(T? Value, OAuthError? Error)> ReadJsonAsync<T>(HttpContext context, int maxBytes, JsonTypeInfo<T> type)
        where T : class
    {
        if (context.Request.QueryString is { HasValue: true, Value: not "?" })
        {
            return (null, OAuthError.MalformedRequest);
        }

        if (!IsJson(context.Request.ContentType))
        {
            return (null, AgentApiErrors.NotJson);
        }

        return await BoundedRequestBody.ReadAsync<T>(context.Request, maxBytes, body =>
        {
            try
            {
                // The reader validates UTF-8 and rejects trailing content; the context rejects unknown, repeated and
                // missing members and nulls where values are required.
                return JsonSerializer.Deserialize(body, type) is { } value ? (value, null) : (null, OAuthError.MalformedRequest);
            }
            catch (JsonException)
            {
                return (null, OAuthError.MalformedRequest);
            }
        }, context.RequestAborted);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase)
        && (!mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}

using System.Text;
using Bridge.Authority;
using Bridge.Authority.Bundles;
using Bridge.ExchangeFunction.Protocol;
using Bridge.ExchangeFunction.Serialization;
using Bridge.Protocol;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Endpoints;

/// <summary>
/// <c>GET /.well-known/openid-configuration</c> and <c>GET /keys</c> (what AWS IAM reads to trust JWT-SVIDs) and
/// <c>GET /bundle</c> (the SPIFFE bundle endpoint for federation). All three come from one trust bundle source.
/// </summary>
internal static class DiscoveryEndpoints
{
    private const string JsonContentType = "application/json";

    public static void MapDiscoveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/.well-known/openid-configuration", GetOpenIdConfigurationAsync);
        endpoints.MapGet("/keys", GetJwksAsync);
        endpoints.MapGet("/bundle", GetBundleAsync);
    }

    private static async Task<IResult> GetOpenIdConfigurationAsync(
        HttpContext context, TrustBundleProvider bundles, IOptions<AuthorityOptions> options)
    {
        var issuer = options.Value.Issuer.TrimEnd('/');
        var keys = await bundles.GetJwtAuthoritiesAsync(context.RequestAborted);
        SetPublicCaching(context);
        return Results.Json(
            new OpenIdConfiguration
            {
                Issuer = options.Value.Issuer,
                JwksUri = issuer + "/keys",
                AuthorizationEndpoint = issuer + "/authorize",
                TokenEndpoint = issuer + "/token",
                SigningAlgorithms = [.. keys.Select(k => k.Algorithm).Distinct(StringComparer.Ordinal)],
            },
            BridgeJsonContext.Default.OpenIdConfiguration);
    }

    private static async Task<IResult> GetJwksAsync(HttpContext context, TrustBundleProvider bundles)
    {
        var keys = await bundles.GetJwtAuthoritiesAsync(context.RequestAborted);
        SetPublicCaching(context);
        return Results.Text(OidcJwksWriter.Write(keys), JsonContentType, Encoding.UTF8);
    }

    private static async Task<IResult> GetBundleAsync(HttpContext context, TrustBundleProvider bundles)
    {
        var bundle = await bundles.GetBundleAsync(context.RequestAborted);
        SetPublicCaching(context);
        return Results.Text(SpiffeBundleDocument.Serialize(bundle), JsonContentType, Encoding.UTF8);
    }

    /// <summary>
    /// Public keys are not secret and relying parties poll them; a short shared cache keeps load off the function
    /// while new keys (published a refresh hint before use) still appear in time.
    /// </summary>
    private static void SetPublicCaching(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=60";
        context.Response.Headers.AccessControlAllowOrigin = "*";
    }
}

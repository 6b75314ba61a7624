using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Protocol;
using Bridge.ExchangeFunction.Serialization;

namespace Bridge.ExchangeFunction.Endpoints;

/// <summary><c>/health/live</c> (the process runs) and <c>/health/ready</c> (keys and CA are loaded).</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Json(new HealthStatus("ok"), BridgeJsonContext.Default.HealthStatus));
        endpoints.MapGet("/health/ready", (AuthorityInitializer initializer) => initializer.IsReady
            ? Results.Json(new HealthStatus("ok"), BridgeJsonContext.Default.HealthStatus)
            : Results.Json(new HealthStatus("starting"), BridgeJsonContext.Default.HealthStatus, statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}

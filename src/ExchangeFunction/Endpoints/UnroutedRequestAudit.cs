namespace Bridge.ExchangeFunction.Endpoints;

/// <summary>
/// Audits requests no endpoint accepts (an unknown path: 404, a known path with another method: 405) through
/// <see cref="EdgeAudit"/>, so scans and misconfigured clients show up beside refused exchanges.
/// </summary>
internal static class UnroutedRequestAudit
{
    /// <summary>Adds the audit around the rest of the pipeline: it reads the status once the response is decided.</summary>
    public static IApplicationBuilder UseUnroutedRequestAudit(this IApplicationBuilder app)
    {
        var audit = app.ApplicationServices.GetRequiredService<EdgeAudit>();
        return app.Use(async (context, next) =>
        {
            await next(context);

            // A 404 from an endpoint (an unknown entry, say) is that endpoint's answer, not a routing refusal.
            var status = context.Response.StatusCode;
            if (status == StatusCodes.Status404NotFound && context.GetEndpoint() is null)
            {
                audit.Record(context.Request, EdgeRefusal.UnknownRoute, status);
            }
            else if (status == StatusCodes.Status405MethodNotAllowed)
            {
                audit.Record(context.Request, EdgeRefusal.MethodNotAllowed, status);
            }
        });
    }
}

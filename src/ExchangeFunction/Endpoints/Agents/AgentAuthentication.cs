using Bridge.Abstractions.Nodes;
using Bridge.Authority.Agents;

namespace Bridge.ExchangeFunction.Endpoints.Agents;

/// <summary>
/// The endpoint filter of authenticated agent routes: reads <c>Authorization: BridgeAgent &lt;jws&gt;</c>, has
/// <see cref="IAgentAuthenticator"/> verify it against this request, and either answers the failure or hands the
/// caller's node record to the route (<see cref="GetAgent"/>).
/// </summary>
internal static class AgentAuthentication
{
    /// <summary>The authorization scheme agents use.</summary>
    public const string Scheme = "BridgeAgent";

    /// <summary>The caller's node record, set by <see cref="FilterAsync"/>; only routes behind the filter may call this.</summary>
    /// <exception cref="InvalidOperationException">The route does not run behind the filter.</exception>
    public static NodeRecord GetAgent(this HttpContext context) =>
        context.Features.Get<AuthenticatedAgent>()?.Node
        ?? throw new InvalidOperationException("The route does not run behind the agent authentication filter.");

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        context.Response.Headers.CacheControl = "no-store";
        var authenticator = context.RequestServices.GetRequiredService<IAgentAuthenticator>();
        var call = new AgentCall(ReadAssertion(context.Request), context.Request.Method, context.Request.Path.Value ?? string.Empty);
        var result = await authenticator.AuthenticateAsync(call, context.RequestAborted);
        if (!result.Succeeded)
        {
            return AgentApiErrors.Result(context, AgentApiErrors.From(result.Failure));
        }

        context.Features.Set(new AuthenticatedAgent(result.Node));
        return await next(invocation);
    }

    /// <summary>The assertion of a single <c>Authorization: BridgeAgent &lt;jws&gt;</c> header; null for anything else.</summary>
    private static string? ReadAssertion(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header
            || header.Length <= Scheme.Length + 1
            || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || header[Scheme.Length] != ' ')
        {
            return null;
        }

        return header[(Scheme.Length + 1)..].Trim(' ');
    }

    private sealed record AuthenticatedAgent(NodeRecord Node);
}

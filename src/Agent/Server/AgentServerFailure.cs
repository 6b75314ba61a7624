namespace Bridge.Agent.Server;

/// <summary>Why a call to the agent API failed, which decides what the agent does next.</summary>
public enum AgentServerFailure
{
    /// <summary>Not reachable, timed out, or 503/429/5xx: retry with backoff and keep serving what is cached.</summary>
    Unavailable,

    /// <summary>401: the agent's credentials were not accepted (expired, rotated away, node evicted): attest again.</summary>
    Unauthenticated,

    /// <summary>403 or 400: the server refused this request (banned node, entry no longer authorized, bad CSR). Do not retry it as is.</summary>
    Refused,

    /// <summary>A 2xx whose body is not what the API promises: treated like an outage, never trusted.</summary>
    InvalidResponse,
}

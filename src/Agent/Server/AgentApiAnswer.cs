namespace Bridge.Agent.Server;

/// <summary>A 2xx or 304 answer of the agent API, read within its bound.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Body">The body (empty for 304).</param>
/// <param name="ETag">The <c>ETag</c> header, when there was one.</param>
internal sealed record AgentApiAnswer(int StatusCode, byte[] Body, string? ETag);

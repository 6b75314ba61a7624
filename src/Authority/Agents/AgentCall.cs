namespace Bridge.Authority.Agents;

/// <summary>
/// What the HTTP edge knows about one agent API call: the presented assertion and the request it must be bound to.
/// </summary>
/// <param name="Assertion">The compact JWS from <c>Authorization: BridgeAgent &lt;jws&gt;</c>; null when absent. Never logged.</param>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>: the assertion's <c>htm</c> must equal it.</param>
/// <param name="Path">The request path, e.g. <c>/agent/v1/entries</c>: the assertion's <c>htp</c> must equal it.</param>
public sealed record AgentCall(string? Assertion, string Method, string Path)
{
    /// <inheritdoc/>
    public override string ToString() => $"AgentCall {{ Method = {Method}, Path = {Path} }}";
}

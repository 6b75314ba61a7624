using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>The body of <c>POST /agent/v1/jwt-svids</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AgentJwtSvidRequest
{
    /// <summary>An entry id from the agent's sync.</summary>
    [JsonPropertyName("entry_id")]
    public required string EntryId { get; init; }

    /// <summary>One to 16 audiences, each allowed by the entry.</summary>
    [JsonPropertyName("audience")]
    public required IReadOnlyList<string> Audience { get; init; }
}

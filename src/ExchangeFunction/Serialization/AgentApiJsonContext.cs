using System.Text.Json.Serialization;
using Bridge.Protocol.Agents;

namespace Bridge.ExchangeFunction.Serialization;

/// <summary>
/// Source-generated JSON metadata of the agent API's workload routes. Strict for requests: unknown members, repeated
/// members, missing required members and nulls where a value is required are all JSON errors, answered as 400.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AgentEntriesResponse))]
[JsonSerializable(typeof(AgentX509SvidBatchRequest))]
[JsonSerializable(typeof(AgentX509SvidBatchResponse))]
[JsonSerializable(typeof(AgentJwtSvidRequest))]
[JsonSerializable(typeof(AgentJwtSvidResponse))]
internal sealed partial class AgentApiJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using Bridge.Protocol;
using Bridge.Protocol.Agents;

namespace Bridge.Agent.Server;

/// <summary>
/// Source-generated (Native AOT) serialization of the agent API bodies (docs/agent-api.md), Bridge.Protocol's: the
/// exchange writes and reads the same types. Answers may gain members within v1, so unknown members are ignored; every
/// member the agent relies on is required and typed, nulls where a value is required and repeated members are refused.
/// </summary>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 32)]
[JsonSerializable(typeof(AgentAttestationBody))]
[JsonSerializable(typeof(AgentRenewalBody))]
[JsonSerializable(typeof(AgentSvidResponse))]
[JsonSerializable(typeof(AgentEntriesResponse))]
[JsonSerializable(typeof(AgentX509SvidBatchRequest))]
[JsonSerializable(typeof(AgentX509SvidBatchResponse))]
[JsonSerializable(typeof(AgentJwtSvidRequest))]
[JsonSerializable(typeof(AgentJwtSvidResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(OpenIdConfiguration))]
internal sealed partial class AgentApiJsonContext : JsonSerializerContext;

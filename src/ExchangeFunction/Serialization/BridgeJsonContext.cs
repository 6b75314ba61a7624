using System.Text.Json.Serialization;
using Bridge.ExchangeFunction.Endpoints.Agents;
using Bridge.ExchangeFunction.Protocol;
using Bridge.Protocol;
using Bridge.Protocol.Agents;

namespace Bridge.ExchangeFunction.Serialization;

/// <summary>Source-generated JSON metadata: no reflection, so the service trims and runs as Native AOT.</summary>
// Duplicate members are refused: two readers of one body must never see different values.
[JsonSourceGenerationOptions(WriteIndented = false, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(TokenExchangeResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(OpenIdConfiguration))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(AgentAttestationBody))]
[JsonSerializable(typeof(AgentRenewalBody))]
[JsonSerializable(typeof(AgentSvidResponse))]
internal sealed partial class BridgeJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using Bridge.ExchangeFunction.Protocol;

namespace Bridge.ExchangeFunction.Serialization;

/// <summary>Source-generated JSON metadata: no reflection, so the service trims and runs as Native AOT.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(TokenExchangeResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(OpenIdConfiguration))]
[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class BridgeJsonContext : JsonSerializerContext;

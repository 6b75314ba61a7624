using System.Text.Json.Serialization;

namespace Bridge.Agent.Server;

/// <summary>Source-generated (Native AOT) serialization of the agent API bodies: nulls and required members respected, repeated members refused.</summary>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 32)]
[JsonSerializable(typeof(AttestRequestDocument))]
[JsonSerializable(typeof(RenewRequestDocument))]
[JsonSerializable(typeof(AgentSvidDocument))]
[JsonSerializable(typeof(EntriesDocument))]
[JsonSerializable(typeof(X509BatchRequestDocument))]
[JsonSerializable(typeof(X509BatchResponseDocument))]
[JsonSerializable(typeof(JwtSvidRequestDocument))]
[JsonSerializable(typeof(JwtSvidResponseDocument))]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(DiscoveryDocument))]
internal sealed partial class AgentApiJsonContext : JsonSerializerContext;

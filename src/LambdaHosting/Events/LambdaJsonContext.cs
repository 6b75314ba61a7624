using System.Text.Json.Serialization;
using Bridge.LambdaHosting.Runtime;

namespace Bridge.LambdaHosting.Events;

/// <summary>Source-generated JSON metadata for events and Runtime API bodies: no reflection, so it trims and runs as Native AOT.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(HttpApiV2Request))]
[JsonSerializable(typeof(HttpApiV2Response))]
[JsonSerializable(typeof(LambdaErrorPayload))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;

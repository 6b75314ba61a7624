using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bridge.Samples.LambdaConsumer;

/// <summary>The invocation's JSON, source-generated so the function stays Native AOT-compatible.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConsumerRequest))]
[JsonSerializable(typeof(ConsumerResponse))]
internal sealed partial class ConsumerJsonContext : JsonSerializerContext;

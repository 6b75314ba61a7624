using System.Text.Json.Serialization;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>Source-generated JSON for the envelope key document (no reflection: trimming and Native AOT safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(EnvelopeKeyDocument))]
internal sealed partial class EnvelopeKeyJsonContext : JsonSerializerContext;

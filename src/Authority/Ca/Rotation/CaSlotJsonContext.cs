using System.Text.Json.Serialization;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>Source-generated (trimming-safe) JSON for <see cref="CaSlotDocument"/>; certificates are base64 DER.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CaSlotDocument))]
internal sealed partial class CaSlotJsonContext : JsonSerializerContext;

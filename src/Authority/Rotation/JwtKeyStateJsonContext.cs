using System.Text.Json.Serialization;

namespace Bridge.Authority.Rotation;

/// <summary>Source-generated JSON for the <c>jwt-keys</c> document (trimming and Native AOT safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(JwtKeyState))]
internal sealed partial class JwtKeyStateJsonContext : JsonSerializerContext;

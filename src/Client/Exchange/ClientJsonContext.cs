using System.Text.Json.Serialization;
using Bridge.Protocol;

namespace Bridge.Client.Exchange;

/// <summary>
/// Source-generated serialization of the <c>/token</c> bodies (Bridge.Protocol's, the service's own), so the client
/// stays trimming and Native AOT friendly.
/// </summary>
[JsonSerializable(typeof(TokenExchangeResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

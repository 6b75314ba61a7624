using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Agent.Node;

namespace Bridge.Agent.Server;

/// <summary>
/// Signs the <c>BridgeAgent</c> proof-of-possession assertion of one request (docs/agent-api.md): header
/// <c>{"alg":"ES256","typ":"bridge-agent+jwt","x5c":[leaf, intermediates]}</c>, claims <c>aud</c> (the exchange's issuer),
/// <c>iat</c>, <c>exp</c> (30 s later), a random <c>jti</c>, <c>htm</c> and <c>htp</c>. A bearer credential for
/// 30 s: never log it.
/// </summary>
internal static class AgentAssertion
{
    public const string Scheme = "BridgeAgent";
    public const string Type = "bridge-agent+jwt";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The compact JWS for <paramref name="method"/> <paramref name="path"/> (the path under the API, e.g. <c>/agent/v1/renew</c>).</summary>
    public static string Create(AgentCredentials credentials, string audience, string method, string path, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var header = Json(writer =>
        {
            writer.WriteString("alg", "ES256");
            writer.WriteString("typ", Type);
            writer.WriteStartArray("x5c");
            foreach (var certificate in credentials.ChainBase64)
            {
                writer.WriteStringValue(certificate);
            }

            writer.WriteEndArray();
        });
        var iat = now.ToUnixTimeSeconds();
        var payload = Json(writer =>
        {
            writer.WriteString("aud", audience);
            writer.WriteNumber("iat", iat);
            writer.WriteNumber("exp", iat + (long)Lifetime.TotalSeconds);
            writer.WriteString("jti", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            writer.WriteString("htm", method);
            writer.WriteString("htp", path);
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);

        // JWS ES256 wants the raw r||s form (IEEE P1363), not DER.
        var signature = credentials.Key.SignData(
            System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

using System.Text.Json.Nodes;
using Bridge.Testing.Oidc;

namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>
/// One kind of request that succeeds unmutated: a profile's token factory and claims (registered, so the seed reaches
/// issuance), and whether it asks for an X.509-SVID.
/// </summary>
internal sealed record FuzzSeed(string Name, OidcTokenFactory Tokens, Func<JsonObject> Claims, bool X509)
{
    public OidcTestKey Key => Tokens.Key;

    /// <summary>A fresh, valid, never-used subject token (tokens are single use).</summary>
    public string MintToken() => Tokens.Create(Claims());
}

using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Bundle.Jwt;

/// <summary>
/// Writes the JWKS an OIDC discovery <c>jwks_uri</c> serves (what AWS IAM's OIDC identity provider reads): JWT
/// signing keys only, each with <c>kty</c>, <c>use</c> = <c>sig</c>, <c>kid</c>, <c>alg</c> and the public parameters.
/// X.509 authorities never appear. The algorithms produced (RS256, ES256, ES384, ES512) are all ones AWS accepts.
/// </summary>
public static class OidcJwksWriter
{
    /// <summary>Returns <c>{"keys":[...]}</c> with the authorities in the order given.</summary>
    /// <exception cref="ArgumentException">Two authorities share a key ID.</exception>
    public static string Write(IEnumerable<JwtAuthority> authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        return JsonText.Write(authorities, static (writer, authorities) =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            writer.WriteStartObject();
            writer.WriteStartArray(JwkMembers.Keys);
            foreach (var authority in authorities)
            {
                ArgumentNullException.ThrowIfNull(authority, nameof(authorities));
                if (!seen.Add(authority.KeyId))
                {
                    throw new ArgumentException($"Two JWT authorities with key ID '{authority.KeyId}'.", nameof(authorities));
                }

                writer.WriteStartObject();
                writer.WriteString(JwkMembers.KeyType, authority.Material.KeyType);
                writer.WriteString(JwkMembers.Use, JwkMembers.UseSignature);
                writer.WriteString(JwkMembers.KeyId, authority.KeyId);
                writer.WriteString(JwkMembers.Algorithm, authority.Algorithm);
                authority.Material.WriteJwkParameters(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}

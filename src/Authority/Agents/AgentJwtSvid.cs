using Bridge.Authority.Issuance.Jwt;

namespace Bridge.Authority.Agents;

/// <summary>A JWT-SVID issued to an agent for one entry.</summary>
/// <param name="Entry">The authorized entry it was issued for (its SPIFFE ID and hint).</param>
/// <param name="Svid">The token. Never logged.</param>
public sealed record AgentJwtSvid(AuthorizedEntry Entry, JwtSvidIssuance Svid)
{
    /// <inheritdoc/>
    public override string ToString() => $"AgentJwtSvid {{ EntryId = {Entry.Entry.Id} }}";
}

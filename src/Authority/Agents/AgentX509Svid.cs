using Bridge.Authority.Issuance.X509;

namespace Bridge.Authority.Agents;

/// <summary>An X.509-SVID issued to an agent for one entry.</summary>
/// <param name="Entry">The authorized entry it was issued for (its SPIFFE ID and hint).</param>
/// <param name="Svid">The SVID with its chain.</param>
public sealed record AgentX509Svid(AuthorizedEntry Entry, X509SvidIssuance Svid);

using Bridge.Spiffe.Bundle;

namespace Bridge.Agent.Server;

/// <summary>A full answer of <c>GET /agent/v1/entries</c>: the agent's authorized entries and its trust domain's bundle.</summary>
/// <param name="Revision">The opaque revision (also the ETag) to send back as <c>If-None-Match</c>.</param>
/// <param name="Entries">The authorized, issuable entries, sorted by ID.</param>
/// <param name="Bundle">The trust domain's SPIFFE bundle: X.509 roots and JWT-SVID keys, validated on parse.</param>
public sealed record EntriesSync(string Revision, IReadOnlyList<AuthorizedEntry> Entries, SpiffeBundle Bundle);

namespace Bridge.Authority.Agents;

/// <summary>What one agent sync returns: the issuable authorized entries, the trust bundle, and their revision.</summary>
/// <param name="Revision">An opaque digest of everything below: unchanged exactly when nothing below changed.</param>
/// <param name="Entries">The authorized entries an SVID can be issued for, ordered by entry id.</param>
/// <param name="BundleDocument">The trust domain's SPIFFE bundle document (the JSON <c>/bundle</c> serves).</param>
public sealed record AgentSync(string Revision, IReadOnlyList<AuthorizedEntry> Entries, string BundleDocument);

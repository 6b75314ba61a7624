using Bridge.Abstractions.Attestation;
using Bridge.Spiffe.Id;

namespace Bridge.Abstractions.Registration;

/// <summary>
/// A registration entry: which SPIFFE ID a caller gets when it was attested by <see cref="ParentId"/> and has every
/// one of <see cref="Selectors"/>. Without a matching entry, a caller gets no identity.
/// </summary>
public sealed record RegistrationEntry
{
    /// <summary>Unique entry identifier (opaque; a UUID when generated).</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The SPIFFE ID to issue, or a template whose <c>{name}</c> placeholders are filled from verified template values
    /// of the attested identity, for example <c>spiffe://example.org/aws/{account}/role/{role_name}</c>.
    /// </summary>
    public required string SpiffeId { get; init; }

    /// <summary>
    /// Who may obtain this entry: an attestor (<c>spiffe://&lt;td&gt;/bridge/attestor/&lt;name&gt;</c>), an agent or a node set
    /// (served by agents), or <c>spiffe://&lt;td&gt;/bridge/server</c> for a node-set definition (docs/registration.md).
    /// </summary>
    public required SpiffeId ParentId { get; init; }

    /// <summary>The selectors a caller must all have (subset match). Never empty.</summary>
    public required IReadOnlyList<Selector> Selectors { get; init; }

    /// <summary>X.509-SVID lifetime for this entry; null means the server default.</summary>
    public TimeSpan? X509SvidTtl { get; init; }

    /// <summary>JWT-SVID lifetime for this entry; null means the server default.</summary>
    public TimeSpan? JwtSvidTtl { get; init; }

    /// <summary>Audiences a JWT-SVID for this entry may carry. Empty means no JWT-SVID can be issued.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>DNS names to add as DNS SANs to X.509-SVIDs.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>An operator hint returned with SVIDs (Workload API <c>hint</c>); at most 1024 characters.</summary>
    public string? Hint { get; init; }

    /// <summary>When the entry stops applying; null means never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Optimistic-concurrency revision, bumped by the store on every write; 0 before the first write.</summary>
    public long Revision { get; init; }
}

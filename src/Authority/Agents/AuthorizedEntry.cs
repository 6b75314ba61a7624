using System.Diagnostics.CodeAnalysis;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Agents;

/// <summary>
/// One entry an agent is authorized to serve, with the SPIFFE ID it gives. An entry the agent may ask for but that
/// cannot be issued (a SPIFFE ID template, which an agent has no verified values to fill) has no ID and a reason.
/// </summary>
/// <param name="Entry">The registration entry as the store holds it.</param>
/// <param name="SpiffeId">The rendered SPIFFE ID; the zero value when <see cref="NotIssuableReason"/> is set.</param>
/// <param name="NotIssuableReason">Why no SVID can be issued for the entry (for the audit log); null when it can.</param>
public sealed record AuthorizedEntry(RegistrationEntry Entry, SpiffeId SpiffeId, string? NotIssuableReason)
{
    /// <summary>True when an SVID can be issued for the entry; then <see cref="NotIssuableReason"/> is null.</summary>
    [MemberNotNullWhen(false, nameof(NotIssuableReason))]
    public bool IsIssuable => NotIssuableReason is null;
}

namespace Bridge.Abstractions.Registration;

/// <summary>One page of entries in a stable order.</summary>
/// <param name="Entries">The entries of this page.</param>
/// <param name="NextPageToken">An opaque token for the next page; null on the last page.</param>
public sealed record RegistrationEntryPage(IReadOnlyList<RegistrationEntry> Entries, string? NextPageToken);

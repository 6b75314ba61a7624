using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;

namespace Bridge.Authority.Local.Registration;

/// <summary>
/// Keeps registration entries in process memory: for tests and throw-away local runs. Thread-safe, with optimistic
/// concurrency through <see cref="RegistrationEntry.Revision"/> and opaque page tokens. Entries are stored as given;
/// validate them first (<see cref="RegistrationEntryValidator"/>).
/// </summary>
public sealed class InMemoryRegistrationStore : TableRegistrationStore
{
    /// <summary>Creates an empty store.</summary>
    public InMemoryRegistrationStore()
        : this([])
    {
    }

    /// <summary>Creates a store holding <paramref name="entries"/> with the revisions they carry.</summary>
    /// <exception cref="ArgumentException">Two entries share an id.</exception>
    public InMemoryRegistrationStore(IEnumerable<RegistrationEntry> entries)
        : base(entries, persists: false)
    {
    }
}

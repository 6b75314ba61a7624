using Bridge.Abstractions.Registration;

namespace Bridge.Authority.Registration;

/// <summary>The outcome of reading a registration file.</summary>
/// <param name="Entries">The entries that are valid, in file order. Use them only when <paramref name="Errors"/> is empty.</param>
/// <param name="Errors">Every problem found, each with its line and, inside an entry, the entry's index and id.</param>
public sealed record RegistrationEntryFileParseResult(IReadOnlyList<RegistrationEntry> Entries, IReadOnlyList<string> Errors)
{
    /// <summary>True when the file has no problems.</summary>
    public bool IsValid => Errors.Count == 0;
}

namespace Bridge.Authority.Registration;

/// <summary>
/// The path namespace Bridge keeps for its own identities (attestors, agents, the authority), like SPIRE's
/// <c>/spire</c>. No registration entry may hand out an ID under it.
/// </summary>
internal static class ReservedPath
{
    public const string Prefix = "/bridge";

    /// <summary>
    /// True for <c>/bridge</c> and everything under it. The comparison ignores case although SPIFFE paths are
    /// case-sensitive: <c>/Bridge/attestor/x</c> would only exist to be mistaken for the real thing.
    /// </summary>
    public static bool Contains(string path) =>
        path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == Prefix.Length || path[Prefix.Length] == '/');
}

using Bridge.Authority.Keys;

namespace Bridge.Authority.Local.Keys;

/// <summary>Settings of <see cref="FileKeyManager"/>. Bound from configuration section <c>Bridge:Keys:File</c>.</summary>
public sealed class FileKeyManagerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Keys:File";

    /// <summary>
    /// The directory that holds one PEM file per key. It is created owner-only (0700) when missing; an existing
    /// directory must not be writable by group or others.
    /// </summary>
    public string Directory { get; set; } = string.Empty;
}

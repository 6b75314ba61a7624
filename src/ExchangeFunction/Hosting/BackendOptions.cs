namespace Bridge.ExchangeFunction.Hosting;

/// <summary>Which backend serves each seam. Section <c>Bridge:Backends</c>. The defaults need no AWS account.</summary>
public sealed class BackendOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Backends";

    /// <summary><c>File</c> (PKCS#8 files, owner-only permissions) or <c>InMemory</c> (keys die with the process).</summary>
    public string Keys { get; set; } = "File";

    /// <summary>Directory of the <c>File</c> key manager.</summary>
    public string KeysDirectory { get; set; } = ".bridge/keys";

    /// <summary><c>File</c> (a JSON file, validated at start) or <c>InMemory</c>.</summary>
    public string Registration { get; set; } = "File";

    /// <summary>Path of the registration entries file.</summary>
    public string RegistrationFile { get; set; } = ".bridge/entries.json";

    /// <summary>Where the self-signed upstream keeps its root certificate; empty keeps it in memory only.</summary>
    public string? RootCertificateFile { get; set; } = ".bridge/root.pem";
}

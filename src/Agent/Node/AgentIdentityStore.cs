using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Agent.Hosting;
using Bridge.Agent.Interop;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node;

/// <summary>
/// Keeps the agent SVID in <c>BridgeAgent:DataDirectory</c> so a restart does not attest again. The directory is
/// created 0700; <c>agent-svid.pem</c> (0600) holds the chain (leaf first) then the PKCS#8 private key, and
/// <c>trust-bundle.pem</c> (0600) the roots. Chain and key share one file so a renewal replaces both with one atomic
/// rename (temporary file, fsync, rename, fsync of the directory): a crash leaves the old SVID or the new one, never a
/// key of one and a chain of the other. The directory and files must be owned by the agent's user and closed to group
/// and others, and none may be a symbolic link; otherwise the agent refuses to start.
/// </summary>
internal sealed class AgentIdentityStore(IOptions<AgentOptions> agent)
{
    public const string SvidFileName = "agent-svid.pem";
    public const string BundleFileName = "trust-bundle.pem";
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const int MaxFileBytes = 256 * 1024;

    public string Directory => agent.Value.DataDirectory;

    /// <summary>Creates the directory (0700) when missing, then checks it.</summary>
    /// <exception cref="AgentDataDirectoryException">It is unsafe or cannot be created.</exception>
    public void EnsureDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The agent's data directory needs Unix permissions.");
        }

        try
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.CreateDirectory(Directory, DirectoryMode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AgentDataDirectoryException($"{AgentOptions.SectionName}:DataDirectory: {Directory} cannot be created: {ex.Message}", ex);
        }

        CheckSafe(Directory, "directory");
    }

    /// <summary>The stored SVID, or null with the reason when there is none or it is unusable (then the agent attests again).</summary>
    /// <exception cref="AgentDataDirectoryException">A stored file is unsafe.</exception>
    public AgentCredentials? Load(TrustDomain trustDomain, out string? reason)
    {
        var path = Path.Combine(Directory, SvidFileName);
        var bundlePath = Path.Combine(Directory, BundleFileName);
        if (!File.Exists(path))
        {
            reason = "no stored agent SVID";
            return null;
        }

        CheckSafe(path, "file");
        if (File.Exists(bundlePath))
        {
            CheckSafe(bundlePath, "file");
        }

        try
        {
            var text = ReadBounded(path);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(text);
            var key = ECDsa.Create();
            key.ImportFromPem(text);
            var roots = new X509Certificate2Collection();
            if (File.Exists(bundlePath))
            {
                roots.ImportFromPem(ReadBounded(bundlePath));
            }

            if (chain.Count == 0 || roots.Count == 0)
            {
                reason = "the stored chain or trust bundle is empty";
                return null;
            }

            var leaf = chain[0];
            var uris = Server.AgentResponseReader.UriSans(leaf);
            if (uris.Count != 1 || !SpiffeId.TryParse(uris[0], out var id) || !id.MemberOf(trustDomain))
            {
                reason = "the stored SVID is not an agent ID of trust domain " + trustDomain.Name;
                return null;
            }

            using var leafKey = leaf.GetECDsaPublicKey();
            if (leafKey is null || !leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                reason = "the stored key does not belong to the stored certificate";
                return null;
            }

            reason = null;
            return new AgentCredentials(id, key, [.. chain], [.. roots]);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException)
        {
            reason = "the stored files do not parse (" + ex.GetType().Name + ")";
            return null;
        }
    }

    /// <summary>Replaces the stored SVID atomically.</summary>
    public void Save(AgentCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var svid = new StringBuilder();
        foreach (var certificate in credentials.Chain)
        {
            svid.Append(PemEncoding.Write("CERTIFICATE", certificate.RawData)).Append('\n');
        }

        svid.Append(PemEncoding.Write("PRIVATE KEY", credentials.Key.ExportPkcs8PrivateKey())).Append('\n');
        var bundle = new StringBuilder();
        foreach (var root in credentials.TrustBundle)
        {
            bundle.Append(PemEncoding.Write("CERTIFICATE", root.RawData)).Append('\n');
        }

        // The bundle first: a crash between the two leaves a new bundle next to the old SVID, which it still verifies
        // (roots change rarely and the old root stays in the bundle while it signs anything).
        WriteAtomically(BundleFileName, bundle.ToString());
        WriteAtomically(SvidFileName, svid.ToString());
    }

    /// <summary>Deletes the stored SVID (for example after the exchange refused it).</summary>
    public void Delete()
    {
        File.Delete(Path.Combine(Directory, SvidFileName));
    }

    private void WriteAtomically(string name, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The agent's data directory needs Unix permissions.");
        }

        var path = Path.Combine(Directory, name);
        var temporary = Path.Combine(Directory, "." + name + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FilePermissions }))
            {
                stream.Write(Encoding.ASCII.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            UnixFileOwnership.FsyncDirectory(Directory);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        if (stream.Length > MaxFileBytes)
        {
            throw new IOException("the file is larger than " + MaxFileBytes + " bytes");
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        return reader.ReadToEnd();
    }

    private static void CheckSafe(string path, string kind)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The agent's data directory needs Unix permissions.");
        }

        var prefix = $"{AgentOptions.SectionName}:DataDirectory: {path}";
        var stat = UnixFileOwnership.Stat(path) ?? throw new AgentDataDirectoryException($"{prefix} does not exist.");
        if (stat.IsSymbolicLink)
        {
            throw new AgentDataDirectoryException($"{prefix} is a symbolic link; the agent's {kind} must be a real one.");
        }

        var owner = Libc.GetEffectiveUserId();
        if (stat.Owner != owner)
        {
            throw new AgentDataDirectoryException($"{prefix} is owned by user {stat.Owner}, not by the agent's user {owner}; the agent refuses to use it.");
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            throw new AgentDataDirectoryException(
                $"{prefix} is accessible to group or others (mode {Convert.ToString((int)mode, 8)}); make it owner-only (chmod {(kind == "directory" ? "700" : "600")}).");
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bridge.Authority.Ca;

/// <content>Keeping the root certificate on disk across restarts.</content>
public sealed partial class SelfSignedUpstreamAuthority
{
    private const long MaxRootFileSize = 64 * 1024;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Loads the persisted root when it can still be used: its key is in the key manager with the configured type, it
    /// is a self-issued CA for our trust domain, and it is within the first half of its life. Anything else (no file,
    /// unreadable, another trust domain, a replaced key) yields null and a fresh root.
    /// </summary>
    private async Task<SigningAuthority?> TryLoadRootAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_options.RootCertificatePath is not { } path || !File.Exists(path))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            if (new FileInfo(path).Length > MaxRootFileSize)
            {
                return null;
            }

            certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            return null;
        }

        var key = await _keyManager.GetKeyAsync(_options.RootKeyId, cancellationToken).ConfigureAwait(false);
        if (key is null || key.KeyType != _options.RootKeyType || !X509Der.HasPublicKey(certificate, key.SubjectPublicKeyInfo.Span))
        {
            return null;
        }

        var root = SigningAuthority.Create(certificate, key);
        var expectedSan = CertificateExtensions.SubjectAlternativeName(_trustDomain.Id.ToString(), []).RawData;
        var usable = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)
            && certificate.Extensions["2.5.29.17"] is { } san && san.RawData.AsSpan().SequenceEqual(expectedSan)
            && certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(bc => bc.CertificateAuthority)
            && !X509Der.IsPastHalfLife(root.NotBefore, root.NotAfter, now);
        return usable ? root : null;
    }

    /// <summary>Writes the PEM through a temporary owner-only file and an atomic rename, so a crash never leaves half a root.</summary>
    private static async Task WriteRootAsync(string path, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporaryPath = $"{fullPath}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}.tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = OwnerOnly;
        }

        try
        {
            var stream = new FileStream(temporaryPath, fileOptions);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"), cancellationToken)
                    .ConfigureAwait(false);
            }

            if (!OperatingSystem.IsWindows())
            {
                // UnixCreateMode is filtered by the umask, which can only remove bits; set the mode explicitly anyway.
                File.SetUnixFileMode(temporaryPath, OwnerOnly);
            }

            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporaryPath);
            throw;
        }
    }
}

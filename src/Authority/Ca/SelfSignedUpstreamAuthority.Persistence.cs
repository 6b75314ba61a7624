using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bridge.Authority.Ca;

/// <content>Exporting the root certificate as PEM for local inspection (never read back).</content>
public sealed partial class SelfSignedUpstreamAuthority
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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

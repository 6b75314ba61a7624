using Bridge.Testing;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Tests.Ca;

/// <summary>Runs the openssl command line on files in a private temporary directory.</summary>
internal sealed class OpenSsl : IDisposable
{
    private OpenSsl(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>Creates a workspace, or skips the test when openssl is not installed.</summary>
    public static OpenSsl Create()
    {
        if (!IsAvailable.Value)
        {
            Assert.Skip("openssl is not installed.");
        }

        return new OpenSsl(System.IO.Directory.CreateTempSubdirectory("bridge-openssl-").FullName);
    }

    private static readonly Lazy<bool> IsAvailable = new(() =>
    {
        try
        {
            return Run(null, "version").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public string WritePem(string name, params X509Certificate2[] certificates)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public (int ExitCode, string Output) Run(params string[] arguments) => Run(Directory, arguments);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static (int ExitCode, string Output) Run(string? workingDirectory, params string[] arguments)
    {
        // Tests call this synchronously; the runner drains both pipes without capturing a context, so blocking is safe.
        var result = ExternalTool.RunAsync("openssl", workingDirectory, arguments, CancellationToken.None).GetAwaiter().GetResult();
        return (result.ExitCode, result.Output);
    }
}

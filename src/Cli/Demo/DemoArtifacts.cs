using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bridge.Cli.Demo;

/// <summary>What <c>bridge demo --out DIR</c> writes, for inspection with other tools (openssl, jose, step).</summary>
internal sealed class DemoArtifacts
{
    public string? JwtSvid { get; set; }

    public SvidCredential? X509Svid { get; set; }

    public IReadOnlyList<X509Certificate2> Roots { get; set; } = [];

    public string? BundleJson { get; set; }

    public string? OpenIdConfigurationJson { get; set; }

    public string? JwksJson { get; set; }

    public IReadOnlyList<string> WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Write(string name, string? content, bool secret = false)
        {
            if (content is null)
            {
                return;
            }

            var path = Path.Combine(directory, name);
            File.WriteAllText(path, content, new UTF8Encoding(false));
            if (secret && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            written.Add(path);
        }

        Write("jwt-svid.jwt", JwtSvid is null ? null : JwtSvid + "\n");
        if (X509Svid is { } svid)
        {
            Write("x509-svid.pem", Pem([svid.Leaf, .. svid.Intermediates]));
            Write("x509-svid.key.pem", svid.PrivateKey.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
        }

        Write("bundle.pem", Roots.Count == 0 ? null : Pem(Roots));
        Write("bundle.spiffe.json", BundleJson);
        Write("openid-configuration.json", OpenIdConfigurationJson);
        Write("jwks.json", JwksJson);
        return written;
    }

    private static string Pem(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));
}

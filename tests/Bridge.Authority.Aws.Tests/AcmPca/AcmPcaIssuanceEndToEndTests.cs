using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Spiffe.Id;
using Bridge.Testing.Authority;
using Bridge.Testing.Aws.AcmPca;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.AcmPca;

/// <summary>
/// Bridge's CA with ACM PCA as its upstream: PCA (the fake, on the wire) signs the intermediate, Bridge signs the leaf,
/// and the leaf chains to PCA's root for .NET's chain builder and for <c>openssl verify</c>.
/// </summary>
public sealed class AcmPcaIssuanceEndToEndTests
{
    private static readonly SpiffeId Subject = SpiffeId.Parse("spiffe://example.org/ns/prod/sa/web");

    [Theory]
    [InlineData("EC_prime256v1", true, KeyType.EcP256)]
    [InlineData("EC_secp384r1", false, KeyType.EcP384)]
    [InlineData("RSA_2048", true, KeyType.EcP256)]
    public async Task X509CertificateAuthority_WithPcaUpstream_IssuesLeafThatChainsToThePcaRoot(string pcaKey, bool subordinate, KeyType caKeyType)
    {
        var token = TestContext.Current.CancellationToken;
        await using var server = await FakeAcmPcaServer.StartAsync(pcaKey, subordinate);
        var upstream = AcmPcaTestKit.Authority(server, TimeProvider.System);
        var authorityOptions = Options.Create(new AuthorityOptions
        {
            TrustDomain = "example.org",
            Issuer = "https://oidc.example.org",
            CaKeyType = caKeyType,
            CaTtl = TimeSpan.FromHours(24),
        });
        var authority = SingleProcessAuthority.CreateCertificateAuthority(authorityOptions, new InMemoryKeyManager(), upstream, TimeProvider.System);
        await authority.InitializeAsync(token);
        var issuer = new X509SvidIssuer(authority, TimeProvider.System);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=ignored", leafKey, HashAlgorithmName.SHA256).CreateSigningRequest();

        var issued = await issuer.IssueAsync(csr, Subject, [], TimeSpan.FromHours(1), token);

        Assert.True(issued.Succeeded, issued.Failure.ToString());
        Assert.Equal(server.RootCertificate.RawData, Assert.Single(issued.TrustAnchors).RawData);
        Assert.Equal(subordinate ? 2 : 1, issued.Intermediates.Count);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.CustomTrustStore.AddRange(issued.TrustAnchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(issued.Intermediates.ToArray());
        Assert.True(chain.Build(issued.Leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(2 + issued.Intermediates.Count, chain.ChainElements.Count);
        Assert.True(server.Calls.All(c => c.SignatureValid));

        OpenSslVerify(issued.Leaf, issued.Intermediates, issued.TrustAnchors);
    }

    private static void OpenSslVerify(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2> roots)
    {
        var directory = Directory.CreateTempSubdirectory("bridge-pca-openssl-");
        try
        {
            string Write(string name, IEnumerable<X509Certificate2> certificates)
            {
                var path = Path.Combine(directory.FullName, name);
                File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
                return path;
            }

            var start = new ProcessStartInfo("openssl")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "verify", "-x509_strict", "-CAfile", Write("roots.pem", roots), "-untrusted", Write("intermediates.pem", intermediates), Write("leaf.pem", [leaf]),
            })
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Skip("openssl is not installed.");
                return;
            }

            using (process)
            {
                var stderr = process.StandardError.ReadToEndAsync();
                var output = process.StandardOutput.ReadToEnd() + stderr.GetAwaiter().GetResult();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, output);
                Assert.Contains("OK", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

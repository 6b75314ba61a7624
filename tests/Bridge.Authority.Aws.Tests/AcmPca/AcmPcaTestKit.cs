using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using Bridge.Authority.Aws.AcmPca;
using Bridge.Testing.Aws.AcmPca;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.AcmPca;

/// <summary>Builds the real client and authority against a <see cref="FakeAcmPcaServer"/>, with fast retries and polls.</summary>
internal static class AcmPcaTestKit
{
    public static AcmPcaUpstreamOptions Options(FakeAcmPcaServer server, Action<AcmPcaUpstreamOptions>? configure = null)
    {
        var options = new AcmPcaUpstreamOptions
        {
            CertificateAuthorityArn = server.CertificateAuthorityArn,
            Region = server.Region,
            ServiceUrl = server.ServiceUrl.ToString(),
            RetryBaseDelay = TimeSpan.Zero,
            RetryMaxDelay = TimeSpan.Zero,
            PollInitialDelay = TimeSpan.Zero,
            PollMaxDelay = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        return options;
    }

    public static AcmPcaClient Client(
        FakeAcmPcaServer server, TimeProvider timeProvider, Action<AcmPcaUpstreamOptions>? configure = null, AWSCredentials? credentials = null) =>
        new(
            new HttpClient(),
            Microsoft.Extensions.Options.Options.Create(Options(server, configure)),
            timeProvider,
            NullLogger<AcmPcaClient>.Instance,
            credentials ?? new BasicAWSCredentials(FakeAcmPcaServer.AccessKeyId, FakeAcmPcaServer.SecretAccessKey));

    public static AcmPcaUpstreamAuthority Authority(
        FakeAcmPcaServer server, TimeProvider timeProvider, Action<AcmPcaUpstreamOptions>? configure = null, AWSCredentials? credentials = null) =>
        new(
            Microsoft.Extensions.Options.Options.Create(Options(server, configure)),
            Client(server, timeProvider, configure, credentials),
            timeProvider,
            NullLogger<AcmPcaUpstreamAuthority>.Instance);

    /// <summary>A DER PKCS#10 request for a CA key, as Bridge's CA makes one.</summary>
    public static byte[] CaCsr(ECDsa key, string subject = "O=SPIFFE, CN=Bridge intermediate")
    {
        var request = new CertificateRequest(subject, key, key.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        return request.CreateSigningRequest();
    }
}

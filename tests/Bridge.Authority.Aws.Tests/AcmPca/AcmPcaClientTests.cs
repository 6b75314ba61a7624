using System.Net;
using System.Text;
using Bridge.Abstractions;
using Bridge.Authority.Aws.AcmPca;
using Bridge.Testing.Aws.AcmPca;

namespace Bridge.Authority.Aws.Tests.AcmPca;

/// <summary>Wire shape, AWS error mapping and bounded retries of <see cref="AcmPcaClient"/>.</summary>
public sealed class AcmPcaClientTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("com.amazonaws.acmpca#ThrottlingException", "ThrottlingException")]
    [InlineData("ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException")]
    [InlineData("RequestInProgressException", "RequestInProgressException")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ErrorName_AwsTypeShapes_GiveTheBareName(string? type, string? expected) =>
        Assert.Equal(expected, AcmPcaClient.ErrorName(type));

    [Fact]
    public async Task DescribeCertificateAuthority_ParsesStatusModeKeyAndValidity()
    {
        await using var server = await FakeAcmPcaServer.StartAsync("EC_secp384r1");
        var client = AcmPcaTestKit.Client(server, TimeProvider.System);

        var result = await client.DescribeCertificateAuthorityAsync(server.CertificateAuthorityArn, Token);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(("ACTIVE", "GENERAL_PURPOSE", "SUBORDINATE", "EC_secp384r1"), (result.Value.Status, result.Value.UsageMode, result.Value.Type, result.Value.KeyAlgorithm));
        Assert.Equal(new DateTimeOffset(server.CaCertificate.NotAfter.ToUniversalTime()), result.Value.NotAfter);
    }

    [Fact]
    public async Task IssueCertificate_SendsPemCsrAsBlobAbsoluteValidityAndToken()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var client = AcmPcaTestKit.Client(server, TimeProvider.System);
        using var key = System.Security.Cryptography.ECDsa.Create();
        var pem = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE REQUEST", AcmPcaTestKit.CaCsr(key));
        var notAfter = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds());

        var result = await client.IssueCertificateAsync(
            new AcmPcaIssueCertificateRequest(server.CertificateAuthorityArn, pem, "SHA256WITHECDSA", AcmPcaUpstreamOptions.DefaultTemplateArn, notAfter, "token-1"), Token);

        Assert.True(result.Succeeded, result.Error?.ToString());
        var sent = Assert.Single(server.Calls, c => c.Operation == "IssueCertificate").Request;
        Assert.Equal(pem, Encoding.ASCII.GetString(Convert.FromBase64String((string)sent["Csr"]!)));
        Assert.Equal("ABSOLUTE", (string?)sent["Validity"]!["Type"]);
        Assert.Equal(notAfter.ToUnixTimeSeconds(), (long)sent["Validity"]!["Value"]!);
        Assert.Equal("token-1", (string?)sent["IdempotencyToken"]);
        Assert.Equal(AcmPcaUpstreamOptions.DefaultTemplateArn, (string?)sent["TemplateArn"]);
    }

    [Fact]
    public async Task UnknownCa_ReturnsResourceNotFoundWithoutRetrying()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var client = AcmPcaTestKit.Client(server, TimeProvider.System);

        var result = await client.DescribeCertificateAuthorityAsync(server.CertificateAuthorityArn.Replace("1111-2222", "9999-2222", StringComparison.Ordinal), Token);

        Assert.Equal("ResourceNotFoundException", result.Error?.Code);
        Assert.Equal(400, result.Error?.StatusCode);
        Assert.Equal(1, server.CallCount("DescribeCertificateAuthority"));
    }

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest)]
    [InlineData("InternalFailure", HttpStatusCode.InternalServerError)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    public async Task TransientError_BelowTheLimit_IsRetriedUntilItSucceeds(string errorType, HttpStatusCode status)
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        server.FailNext("DescribeCertificateAuthority", 3, errorType, status);
        var client = AcmPcaTestKit.Client(server, TimeProvider.System, o => o.MaxAttempts = 4);

        var result = await client.DescribeCertificateAuthorityAsync(server.CertificateAuthorityArn, Token);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(4, server.CallCount("DescribeCertificateAuthority"));
    }

    [Fact]
    public async Task Throttling_BeyondMaxAttempts_ThrowsDependencyUnavailableAfterExactlyMaxAttempts()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        server.ThrottleNext(10);
        var client = AcmPcaTestKit.Client(server, TimeProvider.System, o => o.MaxAttempts = 3);

        var exception = await Assert.ThrowsAsync<DependencyUnavailableException>(
            () => client.DescribeCertificateAuthorityAsync(server.CertificateAuthorityArn, Token));

        Assert.Contains("ThrottlingException", exception.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.CallCount("DescribeCertificateAuthority"));
    }

    [Fact]
    public async Task Unreachable_ThrowsDependencyUnavailable()
    {
        Uri closed;
        await using (var server = await FakeAcmPcaServer.StartAsync())
        {
            closed = server.ServiceUrl;
        }

        await using var arnSource = await FakeAcmPcaServer.StartAsync();
        var client = new AcmPcaClient(
            new HttpClient(),
            Microsoft.Extensions.Options.Options.Create(AcmPcaTestKit.Options(arnSource, o => { o.ServiceUrl = closed.ToString(); o.MaxAttempts = 2; })),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AcmPcaClient>.Instance,
            new Amazon.Runtime.BasicAWSCredentials("x", "y"));

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => client.DescribeCertificateAuthorityAsync(arnSource.CertificateAuthorityArn, Token));
    }

    [Fact]
    public void IsTransient_RefusalsAreNot_ThrottlesAndFaultsAre()
    {
        Assert.False(AcmPcaClient.IsTransient(new AcmPcaError("ResourceNotFoundException", string.Empty, 400)));
        Assert.False(AcmPcaClient.IsTransient(new AcmPcaError("RequestInProgressException", string.Empty, 400)));
        Assert.False(AcmPcaClient.IsTransient(new AcmPcaError("LimitExceededException", string.Empty, 400)));
        Assert.True(AcmPcaClient.IsTransient(new AcmPcaError("ThrottlingException", string.Empty, 400)));
        Assert.True(AcmPcaClient.IsTransient(new AcmPcaError("Http502", string.Empty, 502)));
        Assert.True(AcmPcaClient.IsTransient(new AcmPcaError("Http429", string.Empty, 429)));
    }
}

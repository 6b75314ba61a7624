using System.Text;
using Amazon.Runtime;
using Bridge.Authority.Aws.AcmPca;
using Bridge.Testing.Aws.AcmPca;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Aws.Tests.AcmPca;

/// <summary>SigV4 against AWS's published test suite (aws-sig-v4-test-suite), and on the wire against the fake's verifier.</summary>
public sealed class AwsSigV4Tests
{
    private const string SuiteAccessKey = "AKIDEXAMPLE";
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    private static readonly DateTime SuiteTime = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    public static TheoryData<string, string, string, string, string> SuiteVectors => new()
    {
        // name, method, extra headers ("name:value|..."), body, expected Authorization
        { "get-vanilla", "GET", string.Empty, string.Empty, Expected("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31") },
        { "post-vanilla", "POST", string.Empty, string.Empty, Expected("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b") },
        { "post-header-value-case", "POST", "My-Header1:VALUE1", string.Empty, Expected("host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d") },
        { "post-sts-header-before", "POST", "X-Amz-Security-Token:" + SuiteToken, string.Empty, Expected("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead") },
        { "post-x-www-form-urlencoded", "POST", "Content-Type:application/x-www-form-urlencoded", "Param1=value1", Expected("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a") },
    };

    [Theory]
    [MemberData(nameof(SuiteVectors))]
    public void Authorization_AwsTestSuiteVector_MatchesPublishedSignature(string name, string method, string extraHeaders, string body, string expected)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z") };
        foreach (var header in extraHeaders.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(header[..colon], header[(colon + 1)..]));
        }

        var authorization = AwsSigV4.Authorization(
            method, new Uri("https://example.amazonaws.com/"), headers, Encoding.UTF8.GetBytes(body),
            new ImmutableCredentials(SuiteAccessKey, SuiteSecret, null), "us-east-1", "service", SuiteTime);

        Assert.True(expected == authorization, $"{name}: {authorization}");
    }

    [Fact]
    public void Sign_TemporaryCredentials_AddsAndSignsSecurityToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://acm-pca.us-east-1.amazonaws.com/");

        AwsSigV4.Sign(request, [], new ImmutableCredentials("AKID", "secret", "session-token"), "us-east-1", "acm-pca", new DateTimeOffset(SuiteTime));

        Assert.Equal("session-token", Assert.Single(request.Headers.GetValues("X-Amz-Security-Token")));
        Assert.Equal("20150830T123600Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        var authorization = Assert.Single(request.Headers.GetValues("Authorization"));
        Assert.Contains("Credential=AKID/20150830/us-east-1/acm-pca/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4566/", "127.0.0.1:4566")]
    [InlineData("https://acm-pca.us-east-1.amazonaws.com/", "acm-pca.us-east-1.amazonaws.com")]
    [InlineData("https://acm-pca.us-east-1.amazonaws.com:443/", "acm-pca.us-east-1.amazonaws.com")]
    public void HostHeader_PortOnlyWhenNotDefault(string uri, string expected) =>
        Assert.Equal(expected, AwsSigV4.HostHeader(new Uri(uri)));

    [Fact]
    public async Task Client_SessionCredentials_VerifiedByTheFake()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        server.SessionToken = "FwoGZXIvYXdzEXAMPLE-session";
        var client = AcmPcaTestKit.Client(
            server, TimeProvider.System, credentials: new SessionAWSCredentials(FakeAcmPcaServer.AccessKeyId, FakeAcmPcaServer.SecretAccessKey, server.SessionToken));

        var result = await client.DescribeCertificateAuthorityAsync(server.CertificateAuthorityArn, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.All(server.Calls, call => Assert.True(call.SignatureValid));
    }

    [Fact]
    public async Task Client_WrongSecret_RejectedByTheFakeAndReturnedAsError()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var client = AcmPcaTestKit.Client(server, TimeProvider.System, credentials: new BasicAWSCredentials(FakeAcmPcaServer.AccessKeyId, "not-the-secret"));

        var result = await client.DescribeCertificateAuthorityAsync(server.CertificateAuthorityArn, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal("InvalidSignatureException", result.Error.Code);
        Assert.Equal(403, result.Error.StatusCode);
        Assert.Equal(1, server.CallCount("DescribeCertificateAuthority"));
    }

    [Fact]
    public async Task Client_ClockSkewedBeyondFiveMinutes_RejectedByTheFake()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var skewed = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
        var client = AcmPcaTestKit.Client(server, skewed);

        var result = await client.DescribeCertificateAuthorityAsync(server.CertificateAuthorityArn, TestContext.Current.CancellationToken);

        Assert.Equal("InvalidSignatureException", result.Error?.Code);
    }

    private static string Expected(string signedHeaders, string signature) =>
        $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}";
}

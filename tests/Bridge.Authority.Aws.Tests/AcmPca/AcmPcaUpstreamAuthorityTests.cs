using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Authority.Aws.AcmPca;
using Bridge.Testing.Aws.AcmPca;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Aws.Tests.AcmPca;

/// <summary>Start checks, issuance polling, idempotency and chain assembly of <see cref="AcmPcaUpstreamAuthority"/>.</summary>
public sealed class AcmPcaUpstreamAuthorityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("DISABLED", "UpdateCertificateAuthority")]
    [InlineData("PENDING_CERTIFICATE", "ImportCertificateAuthorityCertificate")]
    [InlineData("EXPIRED", "expired")]
    [InlineData("CREATING", "Wait")]
    public async Task CheckCertificateAuthority_NotActive_RefusesNamingTheStatus(string status, string advice)
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        server.Status = status;
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => authority.CheckCertificateAuthorityAsync(Token));

        Assert.Contains($"is {status}, not ACTIVE", exception.Message, StringComparison.Ordinal);
        Assert.Contains(advice, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MintX509Ca_ShortLivedCa_RefusesBeforeIssuingAndSaysGeneralPurpose()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        server.UsageMode = "SHORT_LIVED_CERTIFICATE";
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token));

        Assert.Contains("GENERAL_PURPOSE", exception.Message, StringComparison.Ordinal);
        Assert.Contains("last CA", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.CallCount("IssueCertificate"));
    }

    [Fact]
    public async Task CheckCertificateAuthority_WrongCredentials_RefusesNamingTheError()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System, credentials: new Amazon.Runtime.BasicAWSCredentials("AKIDWRONG", "wrong"));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => authority.CheckCertificateAuthorityAsync(Token));

        Assert.Contains("InvalidSignatureException", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EC_prime256v1", "SHA256WITHECDSA")]
    [InlineData("EC_secp384r1", "SHA384WITHECDSA")]
    [InlineData("RSA_2048", "SHA256WITHRSA")]
    public async Task MintX509Ca_NoSigningAlgorithmConfigured_DerivesItFromTheCaKey(string keyAlgorithm, string expected)
    {
        await using var server = await FakeAcmPcaServer.StartAsync(keyAlgorithm);
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token);

        Assert.Equal(expected, (string?)Assert.Single(server.Calls, c => c.Operation == "IssueCertificate").Request["SigningAlgorithm"]);
    }

    [Fact]
    public async Task MintX509Ca_ConfiguredAlgorithmDoesNotFitTheKey_Refuses()
    {
        await using var server = await FakeAcmPcaServer.StartAsync("EC_prime256v1");
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System, o => o.SigningAlgorithm = "SHA256WITHRSA");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token));

        Assert.Contains("does not fit", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MintX509Ca_InProgressForSomePolls_PollsUntilIssued()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        server.AnswerInProgressNext(3);
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var chain = await authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token);

        Assert.NotEmpty(chain.CaChain);
        Assert.Equal(4, server.CallCount("GetCertificate"));
    }

    [Fact]
    public async Task MintX509Ca_NeverIssuedWithinTheTimeout_ThrowsDependencyUnavailable()
    {
        // Every clock read moves time on 30 s, so the 3-minute wait ends after a few polls without real waiting.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromSeconds(30) };
        await using var server = await FakeAcmPcaServer.StartAsync(timeProvider: clock);
        server.AnswerInProgressNext(int.MaxValue);
        var authority = AcmPcaTestKit.Authority(server, clock, o => o.IssuanceTimeout = TimeSpan.FromMinutes(3));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var exception = await Assert.ThrowsAsync<DependencyUnavailableException>(
            () => authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token));

        Assert.Contains("did not issue", exception.Message, StringComparison.Ordinal);
        Assert.InRange(server.CallCount("GetCertificate"), 1, 6);
    }

    [Theory]
    [InlineData(1, 100, 1000, 100)]
    [InlineData(2, 100, 1000, 200)]
    [InlineData(4, 100, 1000, 800)]
    [InlineData(5, 100, 1000, 1000)]
    [InlineData(40, 100, 1000, 1000)]
    public void PollDelay_DoublesUpToTheCap(int poll, int initialMs, int maxMs, int expectedMs) =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(expectedMs),
            AcmPcaUpstreamAuthority.PollDelay(poll, TimeSpan.FromMilliseconds(initialMs), TimeSpan.FromMilliseconds(maxMs)));

    [Fact]
    public void IdempotencyToken_SameCsrSameToken_OtherCsrOtherToken_WithinPcaLimit()
    {
        using var first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = AcmPcaTestKit.CaCsr(first);

        var token = AcmPcaUpstreamAuthority.IdempotencyToken(csr);

        Assert.Equal(token, AcmPcaUpstreamAuthority.IdempotencyToken(csr.ToArray()));
        Assert.NotEqual(token, AcmPcaUpstreamAuthority.IdempotencyToken(AcmPcaTestKit.CaCsr(second)));
        Assert.InRange(token.Length, 1, 36);
        Assert.Matches("^[0-9a-f]+$", token);
    }

    [Fact]
    public async Task MintX509Ca_SameCsrTwice_IssuesOnlyOnce()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = AcmPcaTestKit.CaCsr(key);

        var first = await authority.MintX509CaAsync(csr, TimeSpan.FromHours(1), Token);
        var second = await authority.MintX509CaAsync(csr, TimeSpan.FromHours(1), Token);

        Assert.Equal(1, server.IssuedCount);
        Assert.Equal(first.CaChain[0].SerialNumber, second.CaChain[0].SerialNumber);
        var tokens = server.Calls.Where(c => c.Operation == "IssueCertificate").Select(c => (string?)c.Request["IdempotencyToken"]).Distinct();
        Assert.Equal(AcmPcaUpstreamAuthority.IdempotencyToken(csr), Assert.Single(tokens));
    }

    [Fact]
    public async Task MintX509Ca_IssueThrottledThenRetried_IssuesOnce()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        server.ThrottleNext(2, "IssueCertificate");
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token);

        Assert.Equal(3, server.CallCount("IssueCertificate"));
        Assert.Equal(1, server.IssuedCount);
    }

    [Fact]
    public async Task MintX509Ca_LongerThanTheCa_ValidityIsCappedAtTheCaNotAfter()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var chain = await authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromDays(365 * 50), Token);

        var sent = (long)Assert.Single(server.Calls, c => c.Operation == "IssueCertificate").Request["Validity"]!["Value"]!;
        Assert.Equal(new DateTimeOffset(server.CaCertificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), sent);
        Assert.True(chain.CaChain[0].NotAfter <= server.CaCertificate.NotAfter);
    }

    [Fact]
    public async Task MintX509Ca_SubordinatePca_ChainCarriesPcaCaAndRootIsTheOfflineRoot()
    {
        await using var server = await FakeAcmPcaServer.StartAsync(subordinate: true);
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var chain = await authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token);

        Assert.Equal(2, chain.CaChain.Count);
        Assert.Equal(server.CaCertificate.RawData, chain.CaChain[1].RawData);
        Assert.Equal(server.RootCertificate.RawData, Assert.Single(chain.UpstreamRoots).RawData);
        Assert.Equal(0, server.CallCount("GetCertificateAuthorityCertificate"));
    }

    [Fact]
    public async Task MintX509Ca_RootPca_RootIsThePcaCaItself()
    {
        await using var server = await FakeAcmPcaServer.StartAsync(subordinate: false);
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var chain = await authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token);

        Assert.Single(chain.CaChain);
        Assert.Equal(server.CaCertificate.RawData, Assert.Single(chain.UpstreamRoots).RawData);
    }

    [Fact]
    public async Task MintX509Ca_ChainMissingFromGetCertificate_FetchedFromTheCaCertificate()
    {
        await using var server = await FakeAcmPcaServer.StartAsync(subordinate: true);
        server.OmitChainFromGetCertificate = true;
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var chain = await authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token);

        Assert.Equal(1, server.CallCount("GetCertificateAuthorityCertificate"));
        Assert.Equal(server.CaCertificate.RawData, chain.CaChain[1].RawData);
        Assert.Equal(server.RootCertificate.RawData, Assert.Single(chain.UpstreamRoots).RawData);
    }

    [Fact]
    public async Task MintX509Ca_PcaIssuesEndEntity_RefusesAsNotACa()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        server.IssueEndEntityCertificates = true;
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key), TimeSpan.FromHours(1), Token));

        Assert.Contains("not a CA", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MintX509Ca_TamperedCsr_ThrowsArgumentExceptionWithoutCallingPca()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = AcmPcaTestKit.CaCsr(key);
        csr[^1] ^= 0x01;

        await Assert.ThrowsAsync<ArgumentException>(() => authority.MintX509CaAsync(csr, TimeSpan.FromHours(1), Token));

        Assert.Empty(server.Calls);
    }

    [Fact]
    public async Task MintX509Ca_Issued_KeepsTheRequestedSubjectAndIsPathLengthZeroCa()
    {
        await using var server = await FakeAcmPcaServer.StartAsync();
        var authority = AcmPcaTestKit.Authority(server, TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var ca = (await authority.MintX509CaAsync(AcmPcaTestKit.CaCsr(key, "O=SPIFFE, CN=bridge-ca-7"), TimeSpan.FromHours(1), Token)).CaChain[0];

        Assert.Contains("CN=bridge-ca-7", ca.Subject, StringComparison.Ordinal);
        var constraints = Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Agents;
using Bridge.Authority.Tests.Ca;
using Bridge.Testing.Agents;

namespace Bridge.Authority.Tests.Agents;

public sealed class AgentIdentityServiceTests
{
    [Fact]
    public async Task AttestAsync_FirstAttestation_RecordsTheNodeAndIssuesAnAgentSvidThatChainsToTheBundle()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var result = await fixture.AttestAsync(key);

        var chain = AgentIdentityFixture.Chain(result);
        var leaf = chain[0];
        Assert.Equal(AgentIdentityFixture.AgentId, result.Node!.AgentId);
        Assert.Equal(AgentIdentityFixture.AgentId.ToString(), SpiffeIdOf(leaf));
        Assert.Equal(fixture.Time.GetUtcNow().AddHours(1), result.Svid!.ExpiresAt);

        var record = await fixture.RecordAsync();
        Assert.Equal(leaf.SerialNumber.ToLowerInvariant(), record.SvidSerialNumber);
        Assert.Null(record.PendingSvidSerialNumber);
        Assert.Equal(fixture.Pending, record.EvidenceIssuedAt);
        Assert.Equal("123456789012/us-east-1/" + AgentIdentityFixture.Instance, record.AttestationFingerprint);
        Assert.Contains(new Selector("aws_iid", "instance:id:" + AgentIdentityFixture.Instance), record.Selectors);
        Assert.Equal(result.Svid!.ExpiresAt, record.SvidExpiresAt);
        Assert.Equal(1, record.Revision);
        Assert.Contains(fixture.ServiceLog.Entries, e => e.Contains(" 2400 ", StringComparison.Ordinal));

        // .NET's path validation against the bundle roots only.
        using var dotnetChain = new X509Chain();
        dotnetChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        dotnetChain.ChainPolicy.CustomTrustStore.AddRange(result.Svid.TrustAnchors.ToArray());
        dotnetChain.ChainPolicy.ExtraStore.AddRange(result.Svid.Intermediates.ToArray());
        dotnetChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(dotnetChain.Build(leaf), string.Join(", ", dotnetChain.ChainStatus.Select(s => s.StatusInformation)));

        // And OpenSSL's.
        using var openssl = OpenSsl.Create();
        var roots = openssl.WritePem("roots.pem", [.. result.Svid.TrustAnchors]);
        var intermediates = openssl.WritePem("intermediates.pem", [.. result.Svid.Intermediates]);
        var leafPath = openssl.WritePem("leaf.pem", leaf);
        var (exitCode, output) = openssl.Run("verify", "-x509_strict", "-CAfile", roots, "-untrusted", intermediates, leafPath);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task AttestAsync_SvidTtl_IsTheConfiguredOne()
    {
        var fixture = await new AgentIdentityFixture(new AgentOptions { SvidTtl = TimeSpan.FromMinutes(20) }).InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await fixture.AttestAsync(key);
        Assert.Equal(fixture.Time.GetUtcNow().AddMinutes(20), result.Svid!.ExpiresAt);
    }

    [Fact]
    public async Task AttestAsync_HundredConcurrentFirstAttestations_ExactlyOneSvidAndOneRecord()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => fixture.AttestAsync(key))));

        var winners = results.Where(r => r.Succeeded).ToArray();
        Assert.Single(winners);
        Assert.Equal(99, results.Count(r => r.Failure == AgentIdentityFailure.AlreadyAttested));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Null(r.Svid));
        var page = await fixture.Nodes.ListAsync(null, 10, CancellationToken.None);
        var record = Assert.Single(page.Nodes);
        Assert.Equal(AgentIdentityFixture.SerialOf(winners[0]), record.SvidSerialNumber);
    }

    [Fact]
    public async Task AttestAsync_SameEvidenceAgain_RefusedAsTrustOnFirstUseAndTheRecordIsKept()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
        var before = await fixture.RecordAsync();

        var second = await fixture.AttestAsync(key);

        Assert.Equal(AgentIdentityFailure.AlreadyAttested, second.Failure);
        Assert.Null(second.Svid);
        Assert.Equal(before, await fixture.RecordAsync());
        Assert.Contains(fixture.ServiceLog.Entries, e => e.Contains(" 2402 ", StringComparison.Ordinal) && e.Contains(AgentIdentityFixture.AgentId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttestAsync_OlderEvidence_Refused()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
        Assert.Equal(AgentIdentityFailure.AlreadyAttested, (await fixture.AttestAsync(key, fixture.Pending.AddSeconds(-1))).Failure);
    }

    [Fact]
    public async Task AttestAsync_NewerEvidence_ReattestsAndReplacesTheRecord()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
        var before = await fixture.RecordAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(10));

        var restarted = await fixture.AttestAsync(key, fixture.Pending.AddMinutes(5));

        Assert.True(restarted.Succeeded, restarted.Failure.ToString());
        var after = await fixture.RecordAsync();
        Assert.Equal(AgentIdentityFixture.SerialOf(restarted), after.SvidSerialNumber);
        Assert.NotEqual(before.SvidSerialNumber, after.SvidSerialNumber);
        Assert.Equal(fixture.Pending.AddMinutes(5), after.EvidenceIssuedAt);
        Assert.Equal(before.FirstAttestedAt, after.FirstAttestedAt);
        Assert.Equal(fixture.Time.GetUtcNow(), after.LastAttestedAt);
        Assert.Equal(2, after.Revision);
        Assert.Contains(fixture.ServiceLog.Entries, e => e.Contains(" 2401 ", StringComparison.Ordinal) && e.Contains("NewerEvidence", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttestAsync_WebIdentityTokenNamingTheInstance_Reattests()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);

        var result = await fixture.AttestAsync(key, webIdentityToken: "sts-token-1");

        Assert.True(result.Succeeded, result.Failure.ToString());
        Assert.Equal(AgentIdentityFixture.SerialOf(result), (await fixture.RecordAsync()).SvidSerialNumber);
        Assert.Contains(fixture.ServiceLog.Entries, e => e.Contains(" 2401 ", StringComparison.Ordinal) && e.Contains("WebIdentityToken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttestAsync_WebIdentityTokenUsedTwice_SecondRefused()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
        Assert.True((await fixture.AttestAsync(key, webIdentityToken: "sts-token-1")).Succeeded);
        var before = await fixture.RecordAsync();

        Assert.Equal(AgentIdentityFailure.AlreadyAttested, (await fixture.AttestAsync(key, webIdentityToken: "sts-token-1")).Failure);
        Assert.Equal(before, await fixture.RecordAsync());
    }

    [Theory]
    [InlineData("aws:ec2-instance:arn:aws:ec2:us-east-1:123456789012:instance/i-0other")]
    [InlineData("oidc:claim:ec2_source_instance_arn:arn:aws:ec2:us-east-1:123456789012:instance/i-0abc")]
    [InlineData("aws:account:123456789012")]
    public async Task AttestAsync_WebIdentityTokenNotNamingTheInstanceThroughSts_Refused(string selector)
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
        fixture.Sts.Selectors = [selector];

        Assert.Equal(AgentIdentityFailure.AlreadyAttested, (await fixture.AttestAsync(key, webIdentityToken: "sts-token-1")).Failure);
    }

    [Theory]
    [InlineData(AttestationFailureKind.InvalidSignature, AgentIdentityFailure.AlreadyAttested)]
    [InlineData(AttestationFailureKind.Expired, AgentIdentityFailure.AlreadyAttested)]
    [InlineData(AttestationFailureKind.Unavailable, AgentIdentityFailure.Unavailable)]
    public async Task AttestAsync_WebIdentityTokenRejected_Refused(AttestationFailureKind kind, AgentIdentityFailure expected)
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
        fixture.Sts.Failure = kind;

        Assert.Equal(expected, (await fixture.AttestAsync(key, webIdentityToken: "sts-token-1")).Failure);
    }

    [Fact]
    public async Task AttestAsync_BannedNode_RefusedEvenWithNewerEvidenceOrAToken()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
        await fixture.Nodes.BanAsync(AgentIdentityFixture.AgentId, CancellationToken.None);

        Assert.Equal(AgentIdentityFailure.Banned, (await fixture.AttestAsync(key, fixture.Pending.AddDays(1))).Failure);
        Assert.Equal(AgentIdentityFailure.Banned, (await fixture.AttestAsync(key, webIdentityToken: "sts-token-2")).Failure);
        Assert.Contains(fixture.ServiceLog.Entries, e => e.Contains(" 2403 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttestAsync_EvictedNode_AttestsAgain()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
        await fixture.Nodes.DeleteAsync(AgentIdentityFixture.AgentId, null, CancellationToken.None);
        Assert.True((await fixture.AttestAsync(key)).Succeeded);
    }

    [Theory]
    [InlineData(AttestationFailureKind.InvalidSignature, AgentIdentityFailure.EvidenceRejected)]
    [InlineData(AttestationFailureKind.PolicyDenied, AgentIdentityFailure.EvidenceRejected)]
    [InlineData(AttestationFailureKind.Unavailable, AgentIdentityFailure.Unavailable)]
    public async Task AttestAsync_EvidenceRefused_NothingWritten(AttestationFailureKind kind, AgentIdentityFailure expected)
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        fixture.NodeAttestor.Failure = kind;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(expected, (await fixture.AttestAsync(key)).Failure);
        Assert.Equal(0, fixture.Nodes.Writes);
    }

    [Fact]
    public async Task AttestAsync_UnknownAttestor_Refused()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await fixture.Service.AttestAsync(
            new AgentAttestationRequest("gcp_iit", "{}"u8.ToArray(), AgentAssertionFactory.Csr(key), null), CancellationToken.None);
        Assert.Equal(AgentIdentityFailure.UnknownAttestor, result.Failure);
        Assert.Equal(0, fixture.NodeAttestor.Calls);
    }

    [Fact]
    public async Task AttestAsync_BadCsr_RefusedAndNothingWritten()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        var csr = AgentAssertionFactory.Csr(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        csr[^1] ^= 0x01;
        var result = await fixture.Service.AttestAsync(
            new AgentAttestationRequest(StubNodeAttestor.AttestorName, System.Text.Encoding.UTF8.GetBytes(StubNodeAttestor.Evidence("i-0abc", fixture.Pending)), csr, null),
            CancellationToken.None);
        Assert.Equal(AgentIdentityFailure.InvalidCertificateRequest, result.Failure);
        Assert.Equal(0, fixture.Nodes.Writes);
    }

    [Fact]
    public async Task AttestAsync_StoreDown_UnavailableAndNothingWritten()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        fixture.Nodes.Down = true;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(AgentIdentityFailure.Unavailable, (await fixture.AttestAsync(key)).Failure);
        fixture.Nodes.Down = false;
        Assert.Null(await fixture.Nodes.GetAsync(AgentIdentityFixture.AgentId, CancellationToken.None));
    }

    [Fact]
    public async Task RenewAsync_SetsThePendingSerialAndKeepsTheCurrentOne()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var first = await fixture.AttestAsync(key);
        fixture.Time.Advance(TimeSpan.FromMinutes(30));

        var renewed = await fixture.Service.RenewAsync(await fixture.RecordAsync(), AgentAssertionFactory.Csr(key), CancellationToken.None);

        Assert.True(renewed.Succeeded, renewed.Failure.ToString());
        var record = await fixture.RecordAsync();
        Assert.Equal(AgentIdentityFixture.SerialOf(first), record.SvidSerialNumber);
        Assert.Equal(AgentIdentityFixture.SerialOf(renewed), record.PendingSvidSerialNumber);
        Assert.Equal(renewed.Svid!.ExpiresAt, record.SvidExpiresAt);
        Assert.Equal(fixture.Time.GetUtcNow(), record.LastAttestedAt);
    }

    [Fact]
    public async Task RenewAsync_StaleRevision_ConflictAndNothingWritten()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await fixture.AttestAsync(key);
        var read = await fixture.RecordAsync();
        Assert.True((await fixture.Service.RenewAsync(read, AgentAssertionFactory.Csr(key), CancellationToken.None)).Succeeded);
        var after = await fixture.RecordAsync();

        Assert.Equal(AgentIdentityFailure.Conflict, (await fixture.Service.RenewAsync(read, AgentAssertionFactory.Csr(key), CancellationToken.None)).Failure);
        Assert.Equal(after, await fixture.RecordAsync());
    }

    [Fact]
    public async Task RenewAsync_BannedSinceAuthentication_Refused()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await fixture.AttestAsync(key);
        var read = await fixture.RecordAsync();
        await fixture.Nodes.BanAsync(AgentIdentityFixture.AgentId, CancellationToken.None);

        Assert.Equal(AgentIdentityFailure.Banned, (await fixture.Service.RenewAsync(read, AgentAssertionFactory.Csr(key), CancellationToken.None)).Failure);
    }

    private static string SpiffeIdOf(X509Certificate2 certificate) =>
        Assert.Single(CertificateInspector.SubjectAlternativeNames(certificate).Uris);
}

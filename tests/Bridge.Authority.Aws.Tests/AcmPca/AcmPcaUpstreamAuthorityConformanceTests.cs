using Bridge.Abstractions.Upstream;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Aws.Tests.AcmPca;

/// <summary>The upstream-authority suite against ACM PCA, as spoken (SigV4-signed JSON 1.1) to the protocol-level fake.</summary>
public sealed class AcmPcaUpstreamAuthorityConformanceTests(AcmPcaFixture fixture) : UpstreamAuthorityConformanceTests, IClassFixture<AcmPcaFixture>
{
    protected override Task<IUpstreamAuthority> CreateAuthorityAsync() =>
        Task.FromResult<IUpstreamAuthority>(AcmPcaTestKit.Authority(fixture.Server, TimeProvider));
}

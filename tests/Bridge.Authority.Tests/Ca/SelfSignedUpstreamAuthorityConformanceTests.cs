using Bridge.Abstractions.Upstream;
using Bridge.Authority.Ca;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Testing.Authority;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Ca;

public sealed class SelfSignedUpstreamAuthorityConformanceTests : UpstreamAuthorityConformanceTests
{
    protected override Task<IUpstreamAuthority> CreateAuthorityAsync() => Task.FromResult<IUpstreamAuthority>(
        SingleProcessAuthority.CreateSelfSignedUpstream(
            Options.Create(new SelfSignedUpstreamOptions()),
            Options.Create(new AuthorityOptions { TrustDomain = "example.org" }),
            new InMemoryKeyManager(),
            TimeProvider));
}

using Bridge.Abstractions.Attestation;
using Bridge.Testing.Conformance;

namespace Bridge.Attestors.Tests.Oidc;

public sealed class OidcJwtAttestorConformanceTests : AttestorConformanceTests, IDisposable
{
    private readonly OidcTestEnvironment _environment = new();

    protected override IAttestor CreateAttestor() => _environment.CreateAttestor();

    protected override string CreateValidToken() => _environment.StsTokens.Create(_environment.StsTokens.StsClaims());

    public void Dispose() => _environment.Dispose();
}

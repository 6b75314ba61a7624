using Bridge.Abstractions.Keys;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Aws.Tests.Kms;

/// <summary>The key-manager suite, against KMS as spoken by the real AWS SDK to the protocol-level fake.</summary>
public sealed class KmsKeyManagerConformanceTests(KmsFixture fixture) : KeyManagerConformanceTests, IClassFixture<KmsFixture>
{
    protected override IKeyManager CreateKeyManager() => fixture.NewManager();
}

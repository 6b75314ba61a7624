using Bridge.Abstractions.Keys;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

/// <summary>
/// The key-manager suite, against the envelope mode: the real AWS SDK on the wire to the protocol-level KMS fake, and
/// the in-memory state store.
/// </summary>
public sealed class KmsEnvelopeKeyManagerConformanceTests(KmsEnvelopeFixture fixture) : KeyManagerConformanceTests, IClassFixture<KmsEnvelopeFixture>
{
    protected override IKeyManager CreateKeyManager() => fixture.NewManager();
}

using System.Text;
using Bridge.Abstractions.Attestation;
using Bridge.Attestors.AwsIid;
using Bridge.Testing.Aws.Ec2;

namespace Bridge.Attestors.Tests.AwsIid;

/// <summary>The evidence payload: a single, small JSON object with a base64 <c>rsa2048</c> and at most a <c>document</c>.</summary>
public sealed class AwsIidEvidenceTests : IDisposable
{
    private readonly TestIidAuthority _aws = TestIidAuthority.Create(["us-east-1"]);
    private readonly TestIidDocument _document = new();

    public void Dispose() => _aws.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("{\"rsa2048\": 5}")]
    [InlineData("{\"rsa2048\": null}")]
    [InlineData("{\"rsa2048\": \"\"}")]
    [InlineData("{\"rsa2048\": \"!!! not base64 !!!\"}")]
    [InlineData("{\"rsa2048\": \"AAAA\"}")]
    [InlineData("{\"document\": \"{}\"}")]
    [InlineData("{\"rsa2048\": [\"AAAA\"]}")]
    public async Task Attest_GarbagePayload_IsMalformed(string payload)
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(Encoding.UTF8.GetBytes(payload));

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Theory]
    [InlineData("{{\"rsa2048\": {0}, \"signature\": \"x\"}}")]
    [InlineData("{{\"rsa2048\": {0}, \"rsa2048\": {0}}}")]
    [InlineData("{{\"rsa2048\": {0}, \"document\": 7}}")]
    [InlineData("{{\"rsa2048\": {0}}} {{}}")]
    [InlineData("{{\"rsa2048\": {0}, \"document\": {{}}}}")]
    public async Task Attest_GenuineSignatureInAMalformedPayload_IsMalformed(string template)
    {
        // Each payload would pass but for its shape: the signature inside is genuine.
        var rsa2048 = System.Text.Json.JsonSerializer.Serialize(_aws.Sign(_document));
        var payload = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, rsa2048);

        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(Encoding.UTF8.GetBytes(payload));

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task Attest_PayloadLargerThanTheBound_IsMalformed()
    {
        // A genuine payload padded with white space past 16 KiB: refused before any parsing.
        var genuine = _aws.Evidence(_document);
        var padded = genuine.Concat(Enumerable.Repeat((byte)' ', AwsIidEvidence.MaxPayloadBytes + 1 - genuine.Length)).ToArray();
        var justFits = genuine.Concat(Enumerable.Repeat((byte)' ', AwsIidEvidence.MaxPayloadBytes - genuine.Length)).ToArray();
        var attestor = AwsIidTestEnvironment.Attestor(_aws);

        Assert.True((await attestor.AttestAsync(justFits)).Succeeded);
        Assert.Equal(AttestationFailureKind.Malformed, (await attestor.AttestAsync(padded)).FailureKind);
    }
}

using System.Security.Cryptography;
using Bridge.Authority.Issuance.Jwt;

namespace Bridge.Authority.Tests.Issuance.Jwt;

public sealed class JwsSignatureConverterTests
{
    [Theory]
    [InlineData(256, 32)]
    [InlineData(384, 48)]
    public void TryConvertDerToP1363_RealSignatures_VerifyAsP1363(int curveBits, int fieldSize)
    {
        using var ec = ECDsa.Create(curveBits == 256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
        var digest = SHA256.HashData("data"u8);
        // Many signatures, so that short r/s values (about 1 in 128) and 0x00-padded ones (1 in 2) both occur.
        for (var i = 0; i < 200; i++)
        {
            var der = ec.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
            var p1363 = new byte[2 * fieldSize];

            Assert.True(JwsSignatureConverter.TryConvertDerToP1363(der, fieldSize, p1363));
            Assert.True(ec.VerifyHash(digest, p1363, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }
    }

    [Fact]
    public void TryConvertDerToP1363_LeadingZeroPadding_IsStripped()
    {
        var r = Filled(32, 0x80);
        var s = Filled(32, 0x01);
        var der = Der([0x00, .. r], s);

        var p1363 = Convert(der, 32);

        Assert.Equal([.. r, .. s], p1363);
    }

    [Fact]
    public void TryConvertDerToP1363_ShortIntegers_AreLeftPadded()
    {
        var r = Filled(30, 0x7F);
        byte[] s = [0x01];

        var p1363 = Convert(Der(r, s), 32);

        Assert.Equal([0, 0, .. r, .. new byte[31], 0x01], p1363);
    }

    [Fact]
    public void TryConvertDerToP1363_P384FullWidth_Converts()
    {
        var r = Filled(48, 0xFF);
        var s = Filled(48, 0x11);

        var p1363 = Convert(Der([0x00, .. r], s), 48);

        Assert.Equal([.. r, .. s], p1363);
    }

    [Fact]
    public void TryConvertDerToP1363_LongFormSequenceLength_Converts()
    {
        // Two 0x00-padded 66-byte integers (P-521 width) need a long-form sequence length.
        var r = Filled(66, 0x81);
        var s = Filled(66, 0x82);
        byte[] der = [0x30, 0x81, 2 * 69, 0x02, 67, 0x00, .. r, 0x02, 67, 0x00, .. s];

        var p1363 = Convert(der, 66);

        Assert.Equal([.. r, .. s], p1363);
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "empty", [] },
        { "not a sequence", [0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01] },
        { "sequence longer than data", [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01] },
        { "sequence shorter than data", [0x30, 0x05, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01] },
        { "trailing data after sequence", [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00] },
        { "extra element in sequence", [0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01] },
        { "missing s", [0x30, 0x03, 0x02, 0x01, 0x01] },
        { "r not an integer", [0x30, 0x06, 0x04, 0x01, 0x01, 0x02, 0x01, 0x01] },
        { "empty integer", [0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x01] },
        { "negative integer", [0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01] },
        { "non-minimal leading zero", [0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01] },
        { "zero r", [0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01] },
        { "zero s", [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00] },
        { "integer length past end", [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x05, 0x01] },
        { "non-minimal long-form length", [0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01] },
        { "two-byte length", [0x30, 0x82, 0x00, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01] },
        { "indefinite length", [0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00, 0x00] },
        { "truncated", [0x30] },
        { "integer wider than field", Der(Filled(33, 0x01), [0x01]) },
        { "padded integer wider than field", Der([0x00, .. Filled(33, 0x80)], [0x01]) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryConvertDerToP1363_MalformedDer_ReturnsFalse(string reason, byte[] der)
    {
        Assert.False(JwsSignatureConverter.TryConvertDerToP1363(der, 32, new byte[64]), reason);
    }

    [Fact]
    public void ConvertDerToP1363_MalformedDer_Throws() =>
        Assert.Throws<CryptographicException>(() => JwsSignatureConverter.ConvertDerToP1363([0x30, 0x00], 32, new byte[64]));

    [Fact]
    public void TryConvertDerToP1363_WrongDestinationSize_Throws() =>
        Assert.Throws<ArgumentException>(() => JwsSignatureConverter.TryConvertDerToP1363(Der([1], [1]), 32, new byte[63]));

    private static byte[] Convert(byte[] der, int fieldSize)
    {
        var p1363 = new byte[2 * fieldSize];
        Assert.True(JwsSignatureConverter.TryConvertDerToP1363(der, fieldSize, p1363));
        return p1363;
    }

    private static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        return bytes;
    }

    private static byte[] Der(byte[] r, byte[] s) =>
        [0x30, (byte)(4 + r.Length + s.Length), 0x02, (byte)r.Length, .. r, 0x02, (byte)s.Length, .. s];
}

using System.Security.Cryptography;

namespace Bridge.Spiffe.Tests.TestSupport;

/// <summary>Real keys, generated once per test run (RSA generation is slow enough to share).</summary>
internal static class TestKeys
{
    public static readonly ECDsa P256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public static readonly ECDsa P256Other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public static readonly ECDsa P384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    public static readonly ECDsa P521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);
    public static readonly RSA Rsa2048 = RSA.Create(2048);
    public static readonly RSA Rsa1024 = RSA.Create(1024);
}

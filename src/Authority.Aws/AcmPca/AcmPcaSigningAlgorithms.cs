namespace Bridge.Authority.Aws.AcmPca;

/// <summary>PCA's signing algorithms and which CA key algorithms can use them.</summary>
internal static class AcmPcaSigningAlgorithms
{
    /// <summary>Every algorithm Bridge accepts (SM2 is left out: .NET cannot verify it).</summary>
    public static readonly string[] All =
        ["SHA256WITHECDSA", "SHA384WITHECDSA", "SHA512WITHECDSA", "SHA256WITHRSA", "SHA384WITHRSA", "SHA512WITHRSA"];

    /// <summary>True for one of <see cref="All"/>.</summary>
    public static bool IsKnown(string algorithm) => All.Contains(algorithm, StringComparer.Ordinal);

    /// <summary>
    /// The algorithm for a CA key (<c>EC_prime256v1</c>, <c>EC_secp384r1</c>, <c>EC_secp521r1</c>, <c>RSA_*</c>):
    /// the hash matches the curve's strength, SHA-256 for RSA. Null for key algorithms Bridge cannot use.
    /// </summary>
    public static string? ForKeyAlgorithm(string? keyAlgorithm) => keyAlgorithm switch
    {
        "EC_prime256v1" => "SHA256WITHECDSA",
        "EC_secp384r1" => "SHA384WITHECDSA",
        "EC_secp521r1" => "SHA512WITHECDSA",
        "RSA_2048" or "RSA_3072" or "RSA_4096" => "SHA256WITHRSA",
        _ => null,
    };

    /// <summary>True when a CA with <paramref name="keyAlgorithm"/> can sign with <paramref name="algorithm"/>.</summary>
    public static bool Fits(string algorithm, string keyAlgorithm) =>
        keyAlgorithm.StartsWith("EC_", StringComparison.Ordinal) ? algorithm.EndsWith("WITHECDSA", StringComparison.Ordinal)
        : keyAlgorithm.StartsWith("RSA_", StringComparison.Ordinal) && algorithm.EndsWith("WITHRSA", StringComparison.Ordinal);
}
